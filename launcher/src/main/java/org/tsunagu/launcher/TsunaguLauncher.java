package org.tsunagu.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar launcher/target/tsunagu-launcher.jar [--data-dir=DIR] [--seeds-dir=DIR] [--services-dir=DIR]
 * [--storage=h2|postgresql]}: starts the whole hub with demo data and keeps it running until Ctrl-C.
 * {@code --storage=postgresql} runs every service on the distributed profile, each with its own
 * database on a local PostgreSQL server (Debian's {@code postgresql} package, ADR 0050).
 */
public final class TsunaguLauncher {

    private TsunaguLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(option(args, "data-dir", "data"));
        Path seedsDir = Path.of(option(args, "seeds-dir", "seeds"));
        Path servicesDir = Path.of(option(args, "services-dir", defaultServicesDir()));
        if (!Files.isDirectory(seedsDir)) {
            System.err.println("No seeds folder at " + seedsDir.toAbsolutePath() + " — run from the repository root or pass --seeds-dir=");
            System.exit(2);
        }
        Hub.Storage storage;
        try {
            storage = Hub.Storage.valueOf(option(args, "storage", "h2").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--storage is h2 (the default) or postgresql");
            System.exit(2);
            return;
        }
        Hub hub = new Hub(new Hub.Config(dataDir, seedsDir, servicesDir, null,
                List.of("-Xmx512m", "-XX:+UseSerialGC"), System.out, Duration.ofMinutes(3), storage));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[hub] stopping …");
            hub.close();
            System.out.println("[hub] stopped; data kept in " + dataDir.toAbsolutePath());
            stopped.countDown();
        }, "hub-shutdown"));
        try {
            hub.start();
        } catch (RuntimeException e) {
            System.err.println("[hub] " + e.getMessage());
            System.exit(1);
        }
        System.out.println("""

                つなぐ Tsunagu is running. Ctrl-C stops it; starting again keeps the data.
                  Data API (apps)      http://localhost:8080/v1/residents/{sub}/{category}
                  Regional ID (OIDC)   http://localhost:9000/.well-known/openid-configuration
                  Consent ledger       http://localhost:9001/v1/me/consents
                  Audit log            http://localhost:9002/v1/me/access-log
                  Connectors           http://localhost:9003
                  Municipal systems    http://localhost:9010 (simulated)
                  Kafka                localhost:9092
                Demo residents, apps and a consented read by hand: seeds/README.md
                """);
        stopped.await();
    }

    private static String defaultServicesDir() {
        try {
            Path jar = Path.of(TsunaguLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = (Files.isDirectory(jar) ? jar.getParent() : jar.getParent()).resolve("services");
            if (Files.isDirectory(beside)) {
                return beside.toString();
            }
        } catch (Exception ignored) {
            // fall through to the build folder
        }
        return "launcher/target/services";
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
