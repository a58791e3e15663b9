package org.tsunagu.id.pairwise;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.id.IdServiceProperties;

/**
 * Provides the pairwise HMAC secret: {@code tsunagu.pairwise.secret} when set, otherwise one
 * generated on first start and kept in the database, so subs stay stable across restarts.
 * It is stored under the row lock of {@code hub_secret_lock}: instances starting together on one
 * empty database (ADR 0050) take turns, and all but the first read the first one's secret.
 */
@Component
class PairwiseSecretStore {

    private static final String NAME = "pairwise";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final IdServiceProperties properties;

    PairwiseSecretStore(JdbcTemplate jdbc, TransactionTemplate transaction, IdServiceProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
    }

    byte[] secret() {
        String configured = properties.pairwise().secret();
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return transaction.execute(status -> {
            jdbc.queryForObject("SELECT id FROM hub_secret_lock WHERE id = 1 FOR UPDATE", Integer.class);
            List<String> stored = jdbc.queryForList("SELECT secret_value FROM hub_secret WHERE name = ?",
                    String.class, NAME);
            if (!stored.isEmpty()) {
                return Base64.getDecoder().decode(stored.get(0));
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            jdbc.update("INSERT INTO hub_secret (name, secret_value) VALUES (?, ?)",
                    NAME, Base64.getEncoder().encodeToString(generated));
            return generated;
        });
    }
}
