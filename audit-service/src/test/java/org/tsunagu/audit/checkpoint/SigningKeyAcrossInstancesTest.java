package org.tsunagu.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.SharedDatabase;

/**
 * Several audit-service instances on one database (the distributed profile, ADR 0050) starting
 * together on an empty one: they all sign checkpoints with the one key stored, so a checkpoint
 * from any instance verifies against the key set any instance publishes.
 */
class SigningKeyAcrossInstancesTest {

    private static final int INSTANCES = 4;

    @Test
    void givenAnEmptyDatabase_whenInstancesStartTogether_thenTheyAllSignWithTheOneKeyStored() throws Exception {
        try (SharedDatabase database = new SharedDatabase()) {
            database.jdbc().sql("DELETE FROM audit_signing_key").update();
            List<DataSource> pools = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                pools.add(database.instance());
            }

            List<SigningKey> instances = startAtOnce(pools);

            String storedKid = database.jdbc().sql("SELECT kid FROM audit_signing_key").query(String.class).single();
            assertThat(instances).extracting(key -> key.privateKey().getKeyID()).containsOnly(storedKid);
            assertThat(instances).extracting(SigningKey::publicKeys).extracting(JWKSet::toString)
                    .containsOnly(instances.get(0).publicKeys().toString());
        }
    }

    private static List<SigningKey> startAtOnce(List<DataSource> pools) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(pools.size());
        try {
            List<Future<SigningKey>> starts = new ArrayList<>();
            for (DataSource pool : pools) {
                Callable<SigningKey> instanceStart = () -> {
                    start.await();
                    return new SigningKey(JdbcClient.create(pool), SharedDatabase.transactions(pool));
                };
                starts.add(threads.submit(instanceStart));
            }
            start.countDown();
            List<SigningKey> started = new ArrayList<>();
            for (Future<SigningKey> f : starts) {
                started.add(f.get(60, TimeUnit.SECONDS));
            }
            return started;
        } finally {
            threads.shutdownNow();
        }
    }
}
