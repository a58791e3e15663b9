package org.tsunagu.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tsunagu.consent.support.SharedDatabase;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * Several consent-service instances on one database (the distributed profile, ADR 0050) starting
 * together on an empty one: they all sign receipts with the one key stored, so a receipt from any
 * instance verifies against the JWKS any instance publishes.
 */
class ReceiptSigningKeyAcrossInstancesTest {

    private static final int INSTANCES = 4;

    @Test
    void givenAnEmptyDatabase_whenInstancesStartTogether_thenTheyAllSignWithTheOneKeyStored() throws Exception {
        try (SharedDatabase database = new SharedDatabase()) {
            database.jdbc().sql("DELETE FROM receipt_signing_key").update();
            List<DataSource> pools = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                pools.add(database.instance());
            }

            List<ReceiptSigningKey> instances = startAtOnce(pools);

            String storedKid = database.jdbc().sql("SELECT kid FROM receipt_signing_key").query(String.class).single();
            assertThat(instances).extracting(key -> key.privateKey().getKeyID()).containsOnly(storedKid);
            assertThat(instances).extracting(ReceiptSigningKey::publicJwks).extracting(JWKSet::toString)
                    .containsOnly(instances.get(0).publicJwks().toString());
        }
    }

    private static List<ReceiptSigningKey> startAtOnce(List<DataSource> pools) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(pools.size());
        try {
            List<Future<ReceiptSigningKey>> starts = new ArrayList<>();
            for (DataSource pool : pools) {
                Callable<ReceiptSigningKey> instanceStart = () -> {
                    start.await();
                    return new ReceiptSigningKey(JdbcClient.create(pool), new DataSourceTransactionManager(pool),
                            Clock.systemUTC());
                };
                starts.add(threads.submit(instanceStart));
            }
            start.countDown();
            List<ReceiptSigningKey> started = new ArrayList<>();
            for (Future<ReceiptSigningKey> f : starts) {
                started.add(f.get(60, TimeUnit.SECONDS));
            }
            return started;
        } finally {
            threads.shutdownNow();
        }
    }
}
