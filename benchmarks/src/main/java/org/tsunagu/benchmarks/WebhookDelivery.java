package org.tsunagu.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.tsunagu.contracts.events.MunicipalEvent;

/**
 * Webhook delivery latency and loss/duplication across a gateway restart, against the real hub
 * (a benchmark, not a test; see benchmarks/webhooks/run-webhooks.sh, which starts the hub).
 *
 * <p>Subscribes the vaccine app to {@code vaccination-due} through the gateway's subscription API,
 * receives on a loopback JDK HttpServer that verifies every Standard Webhooks signature, and
 * publishes {@code MunicipalEvent}s straight onto {@code tsunagu.municipal-events.v1} exactly as the
 * connectors' outbox relay does (key residentId, the same Jackson serializer without type headers,
 * acks=all, idempotent, linger.ms=5). Latency = receipt − publish, both {@code System.nanoTime()} in this JVM.
 *
 * <p>{@code mode}: {@code steady} (no restart), {@code kill} (SIGKILL the gateway at {@code restartAt}
 * seconds and start it again with the same command line), {@code term} (the same with SIGTERM).
 */
public final class WebhookDelivery {

    static final String APP = "aizu-vaccine-notebook";
    /** The port of the app's approved webhook URL in seeds/apps.json: its webhooks go nowhere else. */
    static final int APPROVED_WEBHOOK_PORT = 8765;
    static final String APP_SECRET = "vaccine-notebook-demo-secret";
    /** Seeded consent: RID-0003 → aizu-vaccine-notebook, vaccination-records, service-provision. */
    static final String CONSENTING = "RID-0003";
    /** Residents without that consent: their events must never reach the app. */
    static final List<String> NOT_CONSENTING = List.of("RID-0001", "RID-0002");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"");

    record Sent(String eventId, String residentId, long nanos, boolean measured) {
    }

    static final Map<String, Sent> expected = new ConcurrentHashMap<>();      // webhook-id → consenting event
    static final Map<String, Sent> notExpected = new ConcurrentHashMap<>();   // webhook-id → non-consenting event
    static final Map<String, Long> firstReceipt = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    static final AtomicLong badSignature = new AtomicLong();
    static final AtomicLong unknownId = new AtomicLong();
    static final AtomicLong wrongEvent = new AtomicLong();
    static final AtomicLong publishErrors = new AtomicLong();
    static final ThreadLocal<Mac> MAC = new ThreadLocal<>();
    static volatile byte[] key;

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String mode = arg(args, "mode", "steady");
        String gateway = arg(args, "gateway", "http://localhost:8080");
        String issuer = arg(args, "issuer", "http://localhost:9000");
        String bootstrap = arg(args, "bootstrap", "localhost:9092");
        int rate = Integer.parseInt(arg(args, "rate", "1000"));
        int seconds = Integer.parseInt(arg(args, "seconds", "60"));
        int warmup = Integer.parseInt(arg(args, "warmup", "10"));
        int restartAt = Integer.parseInt(arg(args, "restartAt", "20"));
        int drainSeconds = Integer.parseInt(arg(args, "drain", "600"));
        int otherEvery = Integer.parseInt(arg(args, "otherEvery", "10"));   // every n-th event: non-consenting
        Path out = Path.of(arg(args, "out", "/tmp"));
        Files.createDirectories(out);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", APPROVED_WEBHOOK_PORT), 512);
        receiver.createContext("/hooks/bench", WebhookDelivery::receive);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/bench";

        // earlier runs' events must all be taken in first, or they would be enqueued for this subscription too
        awaitIntakeCaughtUp(bootstrap, TimeUnit.MINUTES.toNanos(10));
        String token = appToken(http, issuer);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"vaccination-due\",\"url\":\"" + hookUrl
                        + "\",\"purpose\":\"service-provision\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("subscribe: " + created.statusCode() + " " + created.body());
        }
        String subscriptionId = group(ID, created.body());
        key = Base64.getDecoder().decode(group(SECRET, created.body()).substring("whsec_".length()));
        System.out.printf("mode=%s rate=%d/s seconds=%d warmup=%d subscription=%s receiver=%s%n", mode, rate,
                seconds, warmup, subscriptionId, hookUrl);

        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS, ProducerConfig.CLIENT_ID_CONFIG, "webhook-benchmark",
                "spring.json.add.type.headers", false);
        LoadSampler load = new LoadSampler();
        load.start();
        GatewayRestarter restarter = new GatewayRestarter(gateway, out);
        try (var producer = new KafkaProducer<String, MunicipalEvent>(props, new StringSerializer(),
                new JacksonJsonSerializer<MunicipalEvent>().noTypeInfo())) {
            // one event first, waited for: the pairwise sub is cached and the path is warm before timing
            String primeId = publish(producer, subscriptionId, CONSENTING, false);
            long primeEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!firstReceipt.containsKey(primeId) && System.nanoTime() < primeEnd) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (!firstReceipt.containsKey(primeId)) {
                throw new IllegalStateException("the priming event was not delivered within 60 s");
            }

            Thread restart = null;
            if (!mode.equals("steady")) {
                restart = new Thread(() -> restarter.restart(mode.equals("kill"), restartAt), "restarter");
                restart.start();
            }
            long n = (long) rate * seconds;
            long period = 1_000_000_000L / rate;
            long t0 = System.nanoTime();
            long warmupEnd = t0 + TimeUnit.SECONDS.toNanos(warmup);
            for (long i = 0; i < n; i++) {
                long due = t0 + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean other = otherEvery > 0 && i % otherEvery == otherEvery - 1;
                String resident = other ? NOT_CONSENTING.get((int) (i / otherEvery) % NOT_CONSENTING.size())
                        : CONSENTING;
                publish(producer, subscriptionId, resident, !other && due >= warmupEnd);
            }
            producer.flush();
            long publishNanos = System.nanoTime() - t0;
            System.out.printf("published=%d in %.1f s (%.0f events/s) consenting=%d not_consenting=%d "
                            + "publish_errors=%d%n", n + 1, publishNanos / 1e9, n * 1e9 / publishNanos,
                    expected.size(), notExpected.size(), publishErrors.get());
            if (restart != null) {
                restart.join(TimeUnit.MINUTES.toMillis(5));
            }
            // until all are in, or nothing new arrived for 30 s, or drain seconds are over
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            int seen = -1;
            long lastProgress = System.nanoTime();
            while (received() < expected.size() && System.nanoTime() < drainEnd
                    && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(30)) {
                int now = firstReceipt.size();
                if (now != seen) {
                    seen = now;
                    lastProgress = System.nanoTime();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            long drained = System.nanoTime() - t0;
            // late duplicates or stray deliveries for non-consenting residents would arrive now
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            System.out.printf("all deliveries in by %.1f s after the first publish%n", drained / 1e9);
        }
        load.stop();
        report(mode, restarter, load);

        http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/subscriptions/" + subscriptionId))
                .header("Authorization", "Bearer " + appToken(http, issuer)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        receiver.stop(0);
        System.exit(0);
    }

    static long received() {
        return expected.keySet().stream().filter(firstReceipt::containsKey).count();
    }

    /** Waits until group api-gateway-webhooks has committed every offset of the municipal-events topic. */
    static void awaitIntakeCaughtUp(String bootstrap, long maxNanos) throws Exception {
        long end = System.nanoTime() + maxNanos;
        long lastSaid = 0;
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("api-gateway-webhooks")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                long lag = 0;
                for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the gateway's intake is still " + lag + " events behind");
                }
                if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(10)) {
                    System.out.println("waiting for the gateway to take in earlier events: lag " + lag);
                    lastSaid = System.nanoTime();
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    static String publish(KafkaProducer<String, MunicipalEvent> producer, String subscriptionId, String resident,
            boolean measured) {
        UUID eventId = UUID.randomUUID();
        MunicipalEvent event = new MunicipalEvent(eventId, "vaccination-due", OffsetDateTime.now(ZoneOffset.UTC),
                resident, "vaccination-records").data(Map.of("vaccine", "インフルエンザHA", "vaccineCode", "FLU",
                "doseNumber", "2", "dueBy", LocalDate.now().plusWeeks(3).toString()));
        String webhookId = webhookId(subscriptionId, eventId.toString());
        Sent sent = new Sent(eventId.toString(), resident, System.nanoTime(), measured);
        (resident.equals(CONSENTING) ? expected : notExpected).put(webhookId, sent);
        producer.send(new ProducerRecord<>("tsunagu.municipal-events.v1", resident, event), (md, e) -> {
            if (e != null) {
                publishErrors.incrementAndGet();
            }
        });
        return webhookId;
    }

    /** The gateway's idempotency key: fixed per (subscription, event) — docs/decisions/0042. */
    /** As the connectors' relay producer (connectors application.properties); latency counts from the send call. */
    static final int LINGER_MS = Integer.getInteger("linger.ms", 5);

    static String webhookId(String subscriptionId, String eventId) {
        return "msg_" + UUID.nameUUIDFromBytes((subscriptionId + "|" + eventId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    static void receive(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signature == null || !validSignature(id, timestamp, body, signature)) {
                badSignature.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            receipts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            firstReceipt.putIfAbsent(id, now);
            Sent sent = expected.get(id);
            if (sent == null) {
                unknownId.incrementAndGet();
            } else {
                Matcher m = EVENT_ID.matcher(new String(body, StandardCharsets.UTF_8));
                if (!m.find() || !m.group(1).equals(sent.eventId())) {
                    wrongEvent.incrementAndGet();
                }
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    static boolean validSignature(String id, String timestamp, byte[] body, String header) {
        try {
            Mac mac = MAC.get();
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                MAC.set(mac);
            }
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expectedSig = mac.doFinal(body);
            for (String part : header.split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expectedSig,
                        Base64.getDecoder().decode(part.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Latency by when the event was published, in 5 s windows: shows a queue building or draining. */
    static void timeline() {
        long first = expected.values().stream().mapToLong(Sent::nanos).min().orElse(0);
        java.util.TreeMap<Long, List<Long>> windows = new java.util.TreeMap<>();
        for (Map.Entry<String, Sent> e : expected.entrySet()) {
            Long at = firstReceipt.get(e.getKey());
            if (at != null) {
                long window = (e.getValue().nanos() - first) / TimeUnit.SECONDS.toNanos(5) * 5;
                windows.computeIfAbsent(window, w -> new ArrayList<>()).add(at - e.getValue().nanos());
            }
        }
        windows.forEach((window, l) -> {
            Collections.sort(l);
            System.out.printf("TIMELINE published %3d-%3d s: n=%5d p50=%8.1f p99=%8.1f max=%8.1f ms%n", window,
                    window + 5, l.size(), pct(l, 50), pct(l, 99), l.get(l.size() - 1) / 1e6);
        });
    }

    static void report(String mode, GatewayRestarter restarter, LoadSampler load) {
        List<Long> latencies = new ArrayList<>();
        int missing = 0;
        int duplicated = 0;
        long extra = 0;
        for (Map.Entry<String, Sent> e : expected.entrySet()) {
            Long at = firstReceipt.get(e.getKey());
            if (at == null) {
                missing++;
                continue;
            }
            int count = receipts.get(e.getKey()).get();
            if (count > 1) {
                duplicated++;
                extra += count - 1;
            }
            if (e.getValue().measured()) {
                latencies.add(at - e.getValue().nanos());
            }
        }
        long forNonConsenting = notExpected.keySet().stream().filter(receipts::containsKey).count();
        // which ones, to look them up in the gateway's webhook table and the audit trail
        expected.entrySet().stream().filter(e -> !firstReceipt.containsKey(e.getKey())).limit(20)
                .forEach(e -> System.out.printf("MISSING webhook-id=%s event=%s resident=%s%n", e.getKey(),
                        e.getValue().eventId(), e.getValue().residentId()));
        Collections.sort(latencies);
        System.out.printf("RESULT mode=%s consenting_published=%d distinct_received=%d missing=%d "
                        + "duplicated_ids=%d extra_receipts=%d not_consenting_published=%d "
                        + "received_for_not_consenting=%d unknown_id_receipts=%d bad_signatures=%d "
                        + "body_event_mismatch=%d%n", mode, expected.size(),
                expected.keySet().stream().filter(firstReceipt::containsKey).count(), missing, duplicated, extra,
                notExpected.size(), forNonConsenting, unknownId.get(), badSignature.get(), wrongEvent.get());
        if (!latencies.isEmpty()) {
            System.out.printf("RESULT latency_ms n=%d p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f max=%.1f%n",
                    latencies.size(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    pct(latencies, 99.9), latencies.get(latencies.size() - 1) / 1e6);
        }
        timeline();
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf("RESULT benchmark_jvm_cpu_s=%.1f (publisher, receiver, signature checks; whole run)%n",
                cpu / 1e9);
        System.out.printf("RESULT loadavg_1m min=%.2f max=%.2f mean=%.2f (%d samples)%n", load.min(), load.max(),
                load.mean(), load.samples.size());
        if (restarter.what != null) {
            System.out.println("RESULT restart " + restarter.what);
        }
    }

    static double pct(List<Long> sorted, double p) {   // nearest rank
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    static String appToken(HttpClient http, String issuer) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((APP + ":" + APP_SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + s);
        }
        return m.group(1);
    }

    static String arg(String[] args, String name, String fallback) {
        return Arrays.stream(args).filter(a -> a.startsWith("--" + name + "=")).map(a -> a.substring(name.length() + 3))
                .findFirst().orElse(fallback);
    }

    /** Samples the 1-minute load average every second. */
    static final class LoadSampler {
        final List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        samples.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
                    } catch (IOException | RuntimeException ignored) {
                        // not on Linux
                    }
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
            }, "loadavg");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        double min() {
            return samples.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
        }

        double max() {
            return samples.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
        }

        double mean() {
            return samples.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
        }
    }

    /**
     * Stops the gateway JVM (found by its jar in the command line) and starts it again with the
     * same command line, working directory and data folder; the new pid goes to
     * {@code out/restarted-gateway.pid} so the calling script can stop it at the end.
     */
    static final class GatewayRestarter {
        private final String gateway;
        private final Path out;
        volatile String what;

        GatewayRestarter(String gateway, Path out) {
            this.gateway = gateway;
            this.out = out;
        }

        void restart(boolean kill, int afterSeconds) {
            try {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(afterSeconds));
                ProcessHandle old = ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("target/services/tsunagu-api-gateway"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no gateway process"));
                List<String> argv = Arrays.stream(new String(Files.readAllBytes(Path.of("/proc/" + old.pid()
                        + "/cmdline")), StandardCharsets.UTF_8).split("\0")).toList();
                Path cwd = Files.readSymbolicLink(Path.of("/proc/" + old.pid() + "/cwd"));
                long t0 = System.nanoTime();
                if (kill) {
                    old.destroyForcibly();   // SIGKILL
                } else {
                    old.destroy();           // SIGTERM: Spring's graceful shutdown
                }
                old.onExit().get(60, TimeUnit.SECONDS);
                long down = System.nanoTime();
                Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("restarted-gateway.log").toFile()))
                        .start();
                Files.writeString(out.resolve("restarted-gateway.pid"), Long.toString(p.pid()));
                HttpClient client = HttpClient.newHttpClient();
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                boolean up = false;
                while (!up && System.nanoTime() < end && p.isAlive()) {
                    try {
                        up = client.send(HttpRequest.newBuilder(URI.create(gateway + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode() == 200;
                    } catch (IOException notYet) {
                        // still starting
                    }
                    if (!up) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                    }
                }
                what = String.format("%s pid %d at %d s; exited after %.1f s; new pid %d %s after %.1f s", kill
                                ? "SIGKILL" : "SIGTERM", old.pid(), afterSeconds, (down - t0) / 1e9, p.pid(),
                        up ? "ready" : "NOT READY", (System.nanoTime() - down) / 1e9);
                System.out.println("restart: " + what);
            } catch (Exception e) {
                what = "FAILED: " + e;
                System.out.println("restart " + what);
            }
        }
    }
}
