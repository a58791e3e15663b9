package org.tsunagu.id;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tsunagu.*} properties this service reads (see docs/hub-conventions.md).
 *
 * @param issuerUri the issuer ({@code iss}) of every token and of the discovery document
 * @param seedsDir  the seeds folder loaded on first start; {@code null} means no seeding
 * @param gateway   the hub gateway's own client
 * @param pairwise  how pairwise subject ids are derived
 */
@ConfigurationProperties("tsunagu")
public record IdServiceProperties(
        @DefaultValue("http://localhost:9000") String issuerUri,
        @Nullable String seedsDir,
        @DefaultValue Gateway gateway,
        @DefaultValue Pairwise pairwise) {

    /** @param clientSecret the secret of the {@code tsunagu-gateway} client */
    public record Gateway(@DefaultValue("gateway-dev-secret") String clientSecret) {
    }

    /** @param secret the HMAC secret for pairwise subs; blank means generate once and persist */
    public record Pairwise(@DefaultValue("") String secret) {
    }
}
