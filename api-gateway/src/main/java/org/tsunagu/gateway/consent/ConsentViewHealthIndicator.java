package org.tsunagu.gateway.consent;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN until the consent view has caught up: the gateway must not serve reads before that. */
public class ConsentViewHealthIndicator implements HealthIndicator {

    private final ConsentView view;
    private final ConsentViewLoader loader;

    public ConsentViewHealthIndicator(ConsentView view, ConsentViewLoader loader) {
        this.view = view;
        this.loader = loader;
    }

    @Override
    public Health health() {
        Health.Builder builder = view.isCaughtUp() ? Health.up() : Health.down();
        // the digest lets operators see that instances hold the same view (ADR 0043)
        return builder.withDetail("items", view.size()).withDetail("lag", loader.lag())
                .withDetail("digest", view.digestHex()).build();
    }
}
