package org.tsunagu.gateway.webhook;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN until the subscription directory has caught up with its topic: until then this instance
 * neither answers {@code /v1/subscriptions} nor matches municipal events to subscriptions.
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
        return builder.withDetail("subscriptions", directory.size()).withDetail("lag", loader.lag()).build();
    }
}
