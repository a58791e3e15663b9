package org.tsunagu.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tsunagu.launcher.Hub;

/**
 * Starts the real hub once for the whole e2e run (broker in this JVM, every service as
 * its own JVM on its product port, fresh data folder) and stops it when the run ends.
 * Service logs go to {@code e2e/target/hub-logs/} ({@code hub-logs-postgresql/} in the
 * distributed run).
 */
public final class RunningHub implements BeforeAllCallback {

    private static Hub hub;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (RunningHub.class) {
            if (hub == null) {
                hub = startHub();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put("tsunagu-hub", (AutoCloseable) () -> {
                            hub.close();
                            hub = null;
                        });
            }
        }
    }

    /**
     * H2 files (the embedded default), or, with {@code -Dtsunagu.e2e.storage=postgresql}, the
     * distributed profile on a local PostgreSQL (the e2e module's second test run).
     */
    static Hub.Storage storage() {
        return Hub.Storage.valueOf(System.getProperty("tsunagu.e2e.storage", "h2").toUpperCase(java.util.Locale.ROOT));
    }

    public static Hub hub() {
        if (hub == null) {
            throw new IllegalStateException("The hub is not running; annotate the test with @ExtendWith(RunningHub.class)");
        }
        return hub;
    }

    private static Hub startHub() {
        Path root = Path.of(System.getProperty("tsunagu.repo.root", "..")).toAbsolutePath().normalize();
        Path target = root.resolve("e2e/target");
        Hub.Storage storage = storage();
        String suffix = storage == Hub.Storage.H2 ? "" : "-" + storage.name().toLowerCase(java.util.Locale.ROOT);
        Path data = target.resolve("hub-data" + suffix);
        Path logs = target.resolve("hub-logs" + suffix);
        deleteRecursively(data);
        deleteRecursively(logs);
        Path seeds = seedsWithE2eOverlay(root.resolve("seeds"), target.resolve("e2e-seeds"));
        Hub h = new Hub(new Hub.Config(data, seeds, root.resolve("launcher/target/services"), logs,
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
                new PrintStream(System.out, true), Duration.ofMinutes(4), storage, true));
        try {
            h.start();
        } catch (RuntimeException e) {
            dumpLogs(logs);
            throw e;
        }
        return h;
    }

    /**
     * The demo seeds plus one e2e-only app whose tokens expire after 2 seconds, so the
     * expired-token case is tested with a genuine, hub-signed token.
     */
    private static Path seedsWithE2eOverlay(Path seeds, Path overlay) {
        deleteRecursively(overlay);
        try (Stream<Path> files = Files.walk(seeds)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = overlay.resolve(seeds.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
            JsonMapper json = JsonMapper.builder().build();
            ArrayNode apps = (ArrayNode) json.readTree(overlay.resolve("apps.json").toFile());
            ObjectNode shortLived = apps.addObject();
            shortLived.put("clientId", "e2e-short-lived");
            shortLived.put("clientSecret", "short-lived-e2e-secret");
            shortLived.put("name", "E2E短命トークン");
            shortLived.put("nameEn", "E2E short-lived tokens");
            shortLived.put("operator", "Tsunagu e2e");
            shortLived.put("municipality", "aizuwakamatsu");
            shortLived.putArray("redirectUris").add("http://127.0.0.1:8768/callback");
            shortLived.putArray("grantTypes").add("client_credentials");
            shortLived.putArray("categories").add("resident-basic");
            shortLived.putArray("purposes").add("notification");
            shortLived.put("accessTokenTtlSeconds", 2);
            json.writerWithDefaultPrettyPrinter().writeValue(overlay.resolve("apps.json").toFile(), apps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return overlay;
    }

    /** Prints the tail of every service log: what a failing e2e run needs to be understood. */
    static void dumpLogs(Path logs) {
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (Stream<Path> files = Files.list(logs)) {
            files.sorted().forEach(f -> {
                try {
                    List<String> lines = Files.readAllLines(f);
                    System.out.println("----- " + f.getFileName() + " (last 60 lines) -----");
                    lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
                } catch (IOException e) {
                    System.out.println("(cannot read " + f + ")");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
