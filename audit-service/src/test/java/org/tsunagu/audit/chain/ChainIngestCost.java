package org.tsunagu.audit.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.audit.checkpoint.CheckpointStore;
import org.tsunagu.audit.verify.ChainVerifier;
import org.tsunagu.audit.verify.Verification;

/**
 * Benchmark harness, not a test (run by hand, see benchmarks/README.md "audit ingestion"): the CPU
 * cost of chaining N access records one at a time ({@link ChainWriter#append}, what a record
 * listener does per message) and per poll ({@link ChainWriter#appendAll} with batches of 10, 50 and
 * 500), each into a fresh file H2 database migrated with the module's Flyway schema, with the
 * service's URL options, pool and transaction manager. Reports wall time, the calling thread's CPU
 * and the whole process's CPU (incl. GC and H2's background writer) per record, and the load average.
 * <p>
 * Arguments: {@code [records=20000] [warm-up records per mode=5000]}.
 */
public final class ChainIngestCost {

    private static final int[] BATCH_SIZES = {1, 10, 50, 500};

    private ChainIngestCost() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path dir = Files.createTempDirectory("audit-ingest-cost");
        System.out.printf("JVM %s, args %s, %d records per mode, %d warm-up, load average before: %s%n",
                System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), records, warmUp, loadAverage());
        for (int size : BATCH_SIZES) {
            run(dir.resolve("warm-" + size), size, warmUp);
        }
        System.out.println("batch | records | wall ms | wall µs/rec | thread CPU µs/rec | process CPU µs/rec");
        for (int size : BATCH_SIZES) {
            Result r = run(dir.resolve("run-" + size), size, records);
            System.out.printf(Locale.ROOT, "%5d | %7d | %7.0f | %11.1f | %17.1f | %18.1f%n", size, records,
                    r.wallNanos() / 1e6, r.wallNanos() / 1e3 / records, r.threadCpuNanos() / 1e3 / records,
                    r.processCpuNanos() / 1e3 / records);
        }
        System.out.println("load average after: " + loadAverage());
        org.springframework.util.FileSystemUtils.deleteRecursively(dir); // ≈ 650 MB of H2 files
    }

    private static Result run(Path dbDir, int batchSize, int records) throws Exception {
        try (HikariDataSource db = new HikariDataSource()) {
            db.setJdbcUrl("jdbc:h2:file:" + dbDir.resolve("db") + ";WRITE_DELAY=0");
            db.setUsername("sa");
            db.setPassword("");
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(db);
            var checkpointsConstructor = CheckpointStore.class.getDeclaredConstructor(JdbcClient.class);
            checkpointsConstructor.setAccessible(true);
            ChainWriter writer = new ChainWriter(new ChainStore(jdbc, new JdbcTemplate(db)),
                    checkpointsConstructor.newInstance(jdbc), new TransactionTemplate(new JdbcTransactionManager(db)));
            List<EntryContent> contents = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                contents.add(accessRecord(i));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long wall = System.nanoTime();
            long thread = threads.getCurrentThreadCpuTime();
            long process = os.getProcessCpuTime();
            for (int from = 0; from < records; from += batchSize) {
                List<EntryContent> batch = contents.subList(from, Math.min(records, from + batchSize));
                if (batchSize == 1) {
                    writer.append(batch.get(0));
                } else {
                    writer.appendAll(batch);
                }
            }
            Result result = new Result(System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - thread,
                    os.getProcessCpuTime() - process);
            long stored = jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
            if (stored != records) {
                throw new IllegalStateException("expected " + records + " entries, found " + stored);
            }
            List<ChainEntry> chain = new ArrayList<>(records);
            new ChainStore(jdbc, new JdbcTemplate(db)).forEachInOrder(chain::add);
            Verification verification = new ChainVerifier(new JWKSet()).verify(chain, List.of());
            if (!verification.ok()) {
                throw new IllegalStateException("chain does not verify: " + verification);
            }
            return result;
        }
    }

    /** Shaped like what AccessRecords makes of a gateway access record. */
    private static EntryContent accessRecord(int i) {
        return new EntryContent(UUID.randomUUID().toString(), EntryContent.Kind.ACCESS, Instant.now(),
                "RID-S" + (100_000 + i % 5_000), "app-kenko", "会津ヘルスケア株式会社", "vaccination-records",
                "service-provision", UUID.randomUUID().toString(), "API_READ", i % 10 == 0 ? "DENIED" : "ALLOWED",
                i % 10 == 0 ? "consent-required" : "granted", "corr-" + Integer.toHexString(i));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    private record Result(long wallNanos, long threadCpuNanos, long processCpuNanos) {
    }
}
