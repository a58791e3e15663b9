package org.tsunagu.launcher.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server on loopback, run from the operating system's own binaries (Debian's
 * {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}) with its cluster in a
 * folder of ours: what the hub's distributed profile runs on, for the tests and for trying that
 * profile on one machine (ADR 0050). PostgreSQL refuses to run as root; when we are root the
 * server runs as the {@code postgres} user the package created, through {@code runuser}.
 *
 * <p>The postgres user must be able to reach the cluster's folder. When it cannot (a checkout
 * under a folder only root may enter), the cluster goes to a folder of its own under the system's
 * temporary folder, and a file {@code cluster-location} in {@code dir} says where.
 *
 * <p>Trust authentication, and only on 127.0.0.1: a development server, never a deployment.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "tsunagu";

    private final Path home;
    private Path dir;
    private final int port;
    private final boolean durable;
    private final Path bin;
    private final boolean asPostgresUser;
    private boolean started;

    /**
     * @param dir the cluster's folder (created; an existing cluster in it is started again, data kept)
     * @param durable false for throwaway test clusters: no fsync, much faster, lost on a power cut
     */
    public LocalPostgres(Path dir, int port, boolean durable) {
        this.home = dir.toAbsolutePath().normalize();
        this.dir = home;
        this.port = port;
        this.durable = durable;
        this.bin = findBinaries();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /** Initialises the cluster if the folder has none, starts the server and waits until it accepts connections. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            Files.createDirectories(home);
            if (asPostgresUser) {
                dir = reachableClusterDir();
                run(List.of("chown", "-R", "postgres", dir.toString()), Duration.ofSeconds(30), false);
            }
            Path data = dir.resolve("data");
            if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
                List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                        "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C.UTF-8"));
                if (!durable) {
                    initdb.add("--no-sync");
                }
                run(initdb, Duration.ofMinutes(2), true);
            }
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                    + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", options,
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), Duration.ofSeconds(90), true);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dir, e);
        }
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    /** Creates each database that does not exist yet (one per service: services never share a database). */
    public void createDatabases(List<String> names) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("Not a plain database name: " + name);
                }
                try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create databases " + names + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended, committed data kept). A throwaway
     * cluster ({@code durable} false) that had to live outside {@code dir} is deleted.
     */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
                    "-w", "stop"), Duration.ofSeconds(60), true);
            if (!durable && !dir.equals(home)) {
                deleteRecursively(dir);
                Files.deleteIfExists(home.resolve(LOCATION_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String LOCATION_FILE = "cluster-location";

    /**
     * {@code home} if the postgres user can write there, else the folder named in its
     * {@code cluster-location} file, else a new folder under the temporary folder (named there).
     */
    private Path reachableClusterDir() throws IOException {
        run(List.of("chown", "postgres", home.toString()), Duration.ofSeconds(30), false);
        if (canPostgresWrite(home)) {
            return home;
        }
        Path location = home.resolve(LOCATION_FILE);
        if (Files.isRegularFile(location)) {
            Path recorded = Path.of(Files.readString(location, StandardCharsets.UTF_8).trim());
            if (Files.isDirectory(recorded)) {
                return recorded;
            }
        }
        Path elsewhere = Files.createTempDirectory("tsunagu-postgres-");
        Files.writeString(location, elsewhere + "\n", StandardCharsets.UTF_8);
        System.out.println("[hub] the postgres user cannot reach " + home + "; the PostgreSQL cluster is in "
                + elsewhere);
        return elsewhere;
    }

    private boolean canPostgresWrite(Path folder) {
        try {
            Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-w", folder.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void run(List<String> command, Duration timeout, boolean asServerUser) throws IOException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("tsunagu-postgres", ".out");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeout + ": " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + serverLogTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String serverLogTail() {
        Path log = dir.resolve("server.log");
        try {
            if (!Files.isRegularFile(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * {@code TSUNAGU_POSTGRES_BIN} if set, else the newest {@code /usr/lib/postgresql/<version>/bin}
     * that has initdb.
     */
    static Path findBinaries() {
        String configured = System.getenv("TSUNAGU_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(LocalPostgres::majorVersion))
                        .orElseThrow(LocalPostgres::missing);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw missing();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("No PostgreSQL server binaries found under /usr/lib/postgresql. "
                + "Install Debian's package (apt-get install postgresql) or set TSUNAGU_POSTGRES_BIN to the folder "
                + "that holds initdb and pg_ctl.");
    }
}
