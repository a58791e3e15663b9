package org.tsunagu.id.pairwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tsunagu.id.AllAtOnce;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.SharedDatabase;

/**
 * Several id-service instances on one database (the distributed profile, ADR 0050) starting
 * together without a configured pairwise secret: all of them start, and all compute subs with
 * the one secret stored.
 */
class PairwiseSecretAcrossInstancesTest {

    private static final int INSTANCES = 4;
    private static final int STARTS = 10;
    private static final IdServiceProperties NO_CONFIGURED_SECRET = new IdServiceProperties(null, null, null,
            new IdServiceProperties.Pairwise(""), null, null, null, null);

    @Test
    void givenAnEmptyDatabase_whenInstancesStartTogether_thenAllUseTheOneSecretStored() throws Exception {
        try (SharedDatabase database = new SharedDatabase()) {
            List<PairwiseSecretStore> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                DataSource pool = database.instance();
                instances.add(new PairwiseSecretStore(new JdbcTemplate(pool), SharedDatabase.transactions(pool),
                        NO_CONFIGURED_SECRET));
            }
            // several first starts: the instances' check and insert must overlap at least once
            for (int start = 0; start < STARTS; start++) {
                database.jdbc().sql("DELETE FROM hub_secret").update();

                // a losing insert would throw here
                List<String> secrets = AllAtOnce.run(instances,
                        store -> Base64.getEncoder().encodeToString(store.secret()));

                String stored = database.jdbc().sql("SELECT secret_value FROM hub_secret WHERE name = 'pairwise'")
                        .query(String.class).single();
                assertThat(secrets).as("start %d", start).containsOnly(stored).hasSize(INSTANCES);
            }
        }
    }
}
