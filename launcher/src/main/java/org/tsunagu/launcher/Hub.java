package org.tsunagu.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.tsunagu.launcher.kafka.KraftBroker;
import org.tsunagu.launcher.municipality.MunicipalSimulator;
import org.tsunagu.launcher.postgres.LocalPostgres;
import org.tsunagu.launcher.services.ServiceProcess;
import org.tsunagu.launcher.services.ServiceSpec;

/**
 * The whole hub on one machine: a real Kafka broker in this JVM, the simulated
 * municipality, and every service as its own JVM on its product port, with all state
 * under one data folder. An assembly only: the logic lives in the services.
 */
public final class Hub implements AutoCloseable {

    public static final int GATEWAY_PORT = 8080;
    public static final int ID_PORT = 9000;
    public static final int CONSENT_PORT = 9001;
    public static final int AUDIT_PORT = 9002;
    public static final int CONNECTORS_PORT = 9003;
    public static final int MUNICIPALITY_PORT = 9010;
    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    /** The local PostgreSQL server of {@link Storage#POSTGRESQL} (not 5432: a system cluster may be there). */
    public static final int POSTGRES_PORT = 9432;

    public static final String ID_SERVICE = "id-service";
    public static final String CONSENT_SERVICE = "consent-service";
    public static final String AUDIT_SERVICE = "audit-service";
    public static final String CONNECTORS = "connectors";
    public static final String API_GATEWAY = "api-gateway";

    /** Where the services keep their data. */
    public enum Storage {
        /** The embedded default: each service's H2 files under the data folder. */
        H2,
        /**
         * The distributed profile on one machine: each service its own database on a local
         * PostgreSQL server (Debian's binaries, cluster under the data folder), ADR 0050.
         */
        POSTGRESQL
    }

    /**
     * Where things are and how to run them.
     *
     * @param logDir folder for each service's log file, or {@code null} to print service output on {@code console}
     * @param jvmOptions options for every service JVM (e.g. heap size)
     * @param throwaway for tests: a PostgreSQL without fsync, deleted when the hub stops if it
     *                  had to live outside the data folder (the embedded H2 files are not affected)
     */
    public record Config(Path dataDir, Path seedsDir, Path servicesDir, Path logDir,
                         List<String> jvmOptions, PrintStream console, Duration startTimeout, Storage storage,
                         boolean throwaway) {
        public Config {
            dataDir = dataDir.toAbsolutePath().normalize();
            seedsDir = seedsDir.toAbsolutePath().normalize();
            servicesDir = servicesDir.toAbsolutePath().normalize();
            logDir = logDir == null ? null : logDir.toAbsolutePath().normalize();
            jvmOptions = List.copyOf(jvmOptions);
            storage = storage == null ? Storage.H2 : storage;
        }

        public Config(Path dataDir, Path seedsDir, Path servicesDir, Path logDir,
                      List<String> jvmOptions, PrintStream console, Duration startTimeout) {
            this(dataDir, seedsDir, servicesDir, logDir, jvmOptions, console, startTimeout, Storage.H2, false);
        }

        public Config(Path dataDir, Path seedsDir, Path servicesDir, Path logDir,
                      List<String> jvmOptions, PrintStream console, Duration startTimeout, Storage storage) {
            this(dataDir, seedsDir, servicesDir, logDir, jvmOptions, console, startTimeout, storage, false);
        }
    }

    private final Config config;
    private final KraftBroker broker;
    private final MunicipalSimulator municipality;
    private final LocalPostgres postgres;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    public Hub(Config config) {
        this.config = config;
        this.broker = new KraftBroker(config.dataDir().resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        this.municipality = new MunicipalSimulator(config.seedsDir().resolve("municipal"), MUNICIPALITY_PORT);
        String municipal = "http://localhost:" + MUNICIPALITY_PORT;
        String idUrl = "http://localhost:" + ID_PORT;
        List<ServiceSpec> specs = List.of(
                new ServiceSpec(ID_SERVICE, "tsunagu-id-service.jar", ID_PORT, List.of()),
                new ServiceSpec(CONSENT_SERVICE, "tsunagu-consent-service.jar", CONSENT_PORT,
                        List.of("--tsunagu.id-service.url=" + idUrl)),
                new ServiceSpec(AUDIT_SERVICE, "tsunagu-audit-service.jar", AUDIT_PORT, List.of()),
                new ServiceSpec(CONNECTORS, "tsunagu-connectors.jar", CONNECTORS_PORT,
                        List.of("--tsunagu.municipal.health.base-url=" + municipal + "/health",
                                "--tsunagu.municipal.registry.base-url=" + municipal + "/registry",
                                "--tsunagu.municipal.health.event-secret=" + MunicipalSimulator.HEALTH_EVENT_SECRET,
                                "--tsunagu.municipal.registry.event-secret="
                                        + MunicipalSimulator.REGISTRY_EVENT_SECRET)),
                new ServiceSpec(API_GATEWAY, "tsunagu-api-gateway.jar", GATEWAY_PORT,
                        List.of("--tsunagu.id-service.url=" + idUrl,
                                "--tsunagu.connectors.url=http://localhost:" + CONNECTORS_PORT)));
        this.postgres = config.storage() == Storage.POSTGRESQL
                ? new LocalPostgres(config.dataDir().resolve("postgres"), POSTGRES_PORT, !config.throwaway()) : null;
        for (ServiceSpec spec : specs) {
            services.put(spec.name(), process(spec, config.dataDir(), databaseOf(spec.name())));
        }
    }

    /**
     * A service process as the hub runs it: the arguments every service gets (its data folder,
     * seeds, issuer, broker and, in {@link Storage#POSTGRESQL}, the profile and its database) and
     * its own.
     */
    private ServiceProcess process(ServiceSpec spec, Path dataDir, String database) {
        List<String> arguments = new ArrayList<>(List.of(
                "--tsunagu.data-dir=" + dataDir,
                "--tsunagu.seeds-dir=" + config.seedsDir(),
                "--tsunagu.issuer-uri=http://localhost:" + ID_PORT,
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers()));
        if (postgres != null) {
            arguments.addAll(List.of("--spring.profiles.active=distributed",
                    "--tsunagu.database.url=" + postgres.jdbcUrl(database),
                    "--tsunagu.database.username=" + LocalPostgres.USER,
                    "--tsunagu.database.password="));
        }
        Path log = config.logDir() == null ? null : config.logDir().resolve(spec.name() + ".log");
        return new ServiceProcess(spec, config.servicesDir().resolve(spec.jarName()), config.jvmOptions(), arguments,
                log, config.console());
    }

    /** Starts everything and returns once every service reports healthy. */
    public void start() {
        long t0 = System.nanoTime();
        say("starting Kafka (KRaft, in-process) on :" + KAFKA_PORT + " …");
        broker.start();
        say("Kafka ready in " + ms(t0) + " ms; data in " + config.dataDir().resolve("kafka"));
        if (postgres != null) {
            postgres.start();
            postgres.createDatabases(services.keySet().stream().map(Hub::databaseOf).toList());
            say("PostgreSQL on :" + POSTGRES_PORT + " (distributed profile, one database per service) in "
                    + ms(t0) + " ms; data in " + config.dataDir().resolve("postgres"));
        }
        municipality.start();
        say("simulated municipal systems on " + municipality.baseUrl() + " (health, registry)");
        services.values().forEach(s -> {
            say("starting " + s.spec().name() + " on :" + s.spec().port() + " …");
            s.start();
        });
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceProcess s : services.values()) {
            ready.add(CompletableFuture.runAsync(() -> {
                s.awaitHealthy(config.startTimeout());
                say(s.spec().name() + " ready (" + ms(t0) + " ms since start)");
            }));
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("The hub did not start: " + rootMessage(e), e);
        }
        say("all services ready in " + ms(t0) + " ms");
    }

    /**
     * Starts one more gateway instance on {@code port}, configured as the first (same broker, same
     * database in {@link Storage#POSTGRESQL}, its own data folder otherwise), and returns once it
     * is healthy. It is stopped with the hub; its name is {@code api-gateway-<port>}.
     */
    public ServiceProcess startAnotherGateway(int port) {
        ServiceSpec first = service(API_GATEWAY).spec();
        String name = API_GATEWAY + "-" + port;
        ServiceProcess gateway = process(new ServiceSpec(name, first.jarName(), port, first.arguments()),
                config.dataDir().resolve(name), databaseOf(API_GATEWAY));
        services.put(name, gateway);
        gateway.start();
        gateway.awaitHealthy(config.startTimeout());
        return gateway;
    }

    public KraftBroker kafka() {
        return broker;
    }

    public MunicipalSimulator municipality() {
        return municipality;
    }

    public ServiceProcess service(String name) {
        ServiceProcess s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No service " + name + "; known: " + services.keySet());
        }
        return s;
    }

    public Map<String, ServiceProcess> services() {
        return Map.copyOf(services);
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::stop);
        municipality.close();
        broker.stop();
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The database of a service in {@link Storage#POSTGRESQL}: {@code tsunagu_} and its short name. */
    public static String databaseOf(String service) {
        return "tsunagu_" + service.replace("-service", "").replace("api-", "").replace('-', '_');
    }

    private void say(String message) {
        config.console().println("[hub] " + message);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
