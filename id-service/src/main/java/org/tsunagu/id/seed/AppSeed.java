package org.tsunagu.id.seed;

import java.util.List;

/**
 * One entry of {@code seeds/apps.json}. {@code accessTokenTtlSeconds} is optional (default
 * {@link org.tsunagu.id.app.AppClients#ACCESS_TOKEN_TTL}); the e2e suite uses it for an app
 * whose tokens expire within seconds. {@code webhookUrl} is optional: without it the app cannot
 * subscribe to events.
 */
record AppSeed(String clientId, String clientSecret, String name, String nameEn, String operator,
               String municipality, List<String> redirectUris, List<String> grantTypes,
               List<String> categories, List<String> purposes, Integer accessTokenTtlSeconds, String webhookUrl) {

    java.time.Duration accessTokenTtl() {
        return accessTokenTtlSeconds == null ? org.tsunagu.id.app.AppClients.ACCESS_TOKEN_TTL
                : java.time.Duration.ofSeconds(accessTokenTtlSeconds);
    }
}
