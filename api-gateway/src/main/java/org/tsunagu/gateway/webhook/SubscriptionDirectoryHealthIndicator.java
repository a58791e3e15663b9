package org.tsunagu.gateway.webhook;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN until the subscription directory has caught up with its topic: until then this instance
 * neither answers {@code /v1/subscriptions} nor matches municipal events to subscriptions.
 * Subscriptions whose secret does not open with this instance's sealing keys are counted under
 * {@code unopenable} (a missing key after a rotation, ADR 0049; their ids are in the log): this
 * instance does not deliver them. It stays UP: reads do not depend on webhook keys.
 */
public class SubscriptionDirectoryHealthIndicator implements HealthIndicator {

    private final SubscriptionDirectory directory;
    private final SubscriptionDirectoryLoader loader;

    public SubscriptionDirectoryHealthIndicator(SubscriptionDirectory directory, SubscriptionDirectoryLoader loader) {
        this.directory = directory;
        this.loader = loader;
    }

    @Override
    public Health health() {
        Health.Builder builder = directory.isCaughtUp() ? Health.up() : Health.down();
        builder.withDetail("subscriptions", directory.size()).withDetail("lag", loader.lag());
        int unopenable = loader.unopenable().size();
        if (unopenable > 0) { // only how many: health is public; the ids are in the log
            builder.withDetail("unopenable", unopenable);
        }
        return builder.build();
    }
}
