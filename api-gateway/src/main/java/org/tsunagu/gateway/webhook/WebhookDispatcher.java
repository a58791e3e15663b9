package org.tsunagu.gateway.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.WebhookDeadLetter;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;
import org.tsunagu.gateway.subject.KnownSubjects;
import org.tsunagu.gateway.subject.SubjectLookupUnavailableException;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers pending webhooks. For each due delivery, at the moment of sending: the
 * subscription must still exist, the resident's consent (app, category, subscription purpose)
 * must allow it in the local view, and the app's pairwise sub must be known; then the access
 * record is written (fail closed) and the signed request sent. Failures are retried with
 * backoff and jitter; after the last attempt the delivery is dead-lettered.
 */
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final WebhookStore store;
    private final ConsentView view;
    private final KnownSubjects subjects;
    private final AccessRecordSink audit;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final JsonMapper mapper;
    private final HttpClient http;
    private final int senders;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<WebhookStore.Outcome> outcomes = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile boolean writing;
    private Thread poller;
    private Thread writer;
    private ExecutorService pool;
    private Semaphore slots;

    public WebhookDispatcher(WebhookStore store, ConsentView view, KnownSubjects subjects,
            AccessRecordSink audit, DeadLetterPublisher deadLetters, DeliveryPolicy policy, Clock clock,
            JsonMapper mapper, int senders) {
        this.store = store;
        this.view = view;
        this.subjects = subjects;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.clock = clock;
        this.mapper = mapper;
        this.senders = senders;
        this.http = HttpClient.newBuilder().connectTimeout(policy.timeout()).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Wakes the poller: a delivery was enqueued or re-driven. */
    public void nudge() {
        Thread t = poller;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Takes deliveries just stored as new (first attempt, due now) and starts them at once, without
     * re-reading their rows; any it cannot start now (no free sender, not running, consent view
     * not caught up) stay in the table for the poller. Never blocks the caller.
     */
    public void submit(List<Delivery> fresh) {
        boolean leftOver = false;
        for (Delivery d : fresh) {
            Semaphore s = slots;
            if (!running || s == null || !view.isCaughtUp() || !s.tryAcquire()) {
                leftOver = true;
                continue;
            }
            if (!inFlight.add(d.id())) {
                s.release();
                continue;
            }
            try {
                run(d.id(), () -> attempt(d));
            } catch (RejectedExecutionException stopping) {
                leftOver = true;
            }
        }
        if (leftOver) {
            nudge();
        }
    }

    /**
     * Runs one attempt on a sender; the caller holds a slot and has marked the delivery in flight.
     * Both stay taken until the attempt's outcome is stored, so no one attempts it again meanwhile.
     */
    private void run(String id, Supplier<WebhookStore.Outcome> attempt) {
        try {
            pool.execute(() -> {
                WebhookStore.Outcome outcome = null;
                try {
                    outcome = attempt.get();
                } catch (RuntimeException e) {
                    log.warn("Webhook attempt {} failed: {}", id, e.toString());
                } finally {
                    if (outcome == null) {
                        release(id);
                    } else {
                        outcomes.add(outcome);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            release(id);
            throw e;
        }
    }

    private void release(String id) {
        inFlight.remove(id);
        slots.release();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        writing = true;
        pool = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        slots = new Semaphore(senders * 4);
        writer = new Thread(this::write, "webhook-outcomes");
        writer.setDaemon(true);
        writer.start();
        poller = new Thread(this::poll, "webhook-dispatcher");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        nudge();
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
                writing = false; // the writer stores what the senders finished, then ends
                writer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                if (!view.isCaughtUp()) { // no consent decision before the view is complete
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                List<Delivery> due = store.due(clock.instant(), 200);
                int started = 0;
                for (Delivery d : due) {
                    if (inFlight.add(d.id())) {
                        slots.acquire();
                        started++;
                        // the list may predate an attempt that finished since: act only on a fresh, still-due row
                        run(d.id(), () -> store.delivery(d.id()).filter(fresh -> fresh.status() == Delivery.Status.PENDING
                                && fresh.attempts() == d.attempts()
                                && !fresh.nextAttemptAt().isAfter(clock.instant())).map(this::attempt).orElse(null));
                    }
                }
                if (started == 0) {
                    LockSupport.parkNanos(parkFor());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Webhook dispatcher failed, retrying: {}", e.toString());
                LockSupport.parkNanos(IDLE_PARK_NANOS * 5);
            }
        }
    }

    /**
     * Stores the outcomes of finished attempts, all that are waiting in one transaction (group
     * commit), and only then frees their deliveries and publishes their dead letters. Until it is
     * stored an outcome's delivery stays in flight; if the process dies first, the delivery is
     * still pending in the table and is attempted again under the same webhook-id.
     */
    private void write() {
        List<WebhookStore.Outcome> batch = new ArrayList<>();
        while (writing || !outcomes.isEmpty()) {
            try {
                WebhookStore.Outcome first = outcomes.poll(IDLE_PARK_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, 999);
                while (!stored(batch)) {
                    if (!writing) {
                        return; // stopping and the table is away: the deliveries stay pending there
                    }
                    LockSupport.parkNanos(IDLE_PARK_NANOS * 5);
                }
                for (WebhookStore.Outcome o : batch) {
                    if (o.deadLetter() != null) {
                        deadLetters.publish(o.deadLetter());
                    }
                    release(o.id());
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean stored(List<WebhookStore.Outcome> batch) {
        try {
            store.store(batch);
            return true;
        } catch (RuntimeException e) {
            log.warn("Outcomes of {} webhook attempts not stored yet, retrying: {}", batch.size(), e.toString());
            return false;
        }
    }

    private long parkFor() {
        Optional<Instant> next = store.nextDue();
        if (next.isEmpty()) {
            return IDLE_PARK_NANOS;
        }
        long nanos = TimeUnit.MILLISECONDS.toNanos(next.get().toEpochMilli() - clock.millis());
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(nanos, IDLE_PARK_NANOS));
    }

    /** One attempt of one delivery; returns how it ended, to be stored (package-visible for tests). */
    WebhookStore.Outcome attempt(Delivery d) {
        Instant now = clock.instant();
        Optional<Subscription> subscription = store.subscription(d.subscriptionId());
        if (subscription.isEmpty()) {
            return WebhookStore.Outcome.finished(d.id(), Delivery.Status.SKIPPED, d.attempts(), "subscription deleted",
                    now);
        }
        Subscription s = subscription.get();
        Decision decision = view.decide(new ConsentKey(d.residentId(), s.appId(), d.category(),
                s.purpose()), now);
        if (decision instanceof Decision.Denied denied) {
            if (!record(d, s, null, AccessRecord.DecisionEnum.DENIED, denied.reason().slug(), denied.consentId())) {
                return auditUnavailable(d);
            }
            return WebhookStore.Outcome.finished(d.id(), Delivery.Status.SKIPPED, d.attempts(), denied.reason().slug(),
                    now);
        }
        String consentId = ((Decision.Allowed) decision).consentId();
        Optional<String> sub;
        try {
            sub = subjects.subFor(s.appId(), d.residentId());
        } catch (SubjectLookupUnavailableException e) {
            log.warn("Subject for webhook {} not known yet (regional ID unavailable); delivery postponed", d.id());
            return WebhookStore.Outcome.retry(d.id(), d.attempts(), "dependency-unavailable",
                    now.plus(policy.baseBackoff()), now);
        }
        if (sub.isEmpty()) {
            if (!record(d, s, null, AccessRecord.DecisionEnum.DENIED, "subject-unknown", consentId)) {
                return auditUnavailable(d);
            }
            return WebhookStore.Outcome.finished(d.id(), Delivery.Status.SKIPPED, d.attempts(), "subject-unknown", now);
        }
        if (!record(d, s, sub.get(), AccessRecord.DecisionEnum.ALLOWED, "granted", consentId)) {
            return auditUnavailable(d); // nothing leaves; the delivery stays due and is tried again
        }
        int attempts = d.attempts() + 1;
        String error = send(d, s, sub.get(), consentId);
        Instant after = clock.instant();
        if (error == null) {
            return WebhookStore.Outcome.finished(d.id(), Delivery.Status.DELIVERED, attempts, null, after);
        } else if (attempts >= policy.maxAttempts()) {
            return new WebhookStore.Outcome(d.id(), Delivery.Status.DEAD, attempts, error, null, after,
                    deadLetter(d, attempts, error, after));
        } else {
            return WebhookStore.Outcome.retry(d.id(), attempts, error, after.plus(policy.backoffAfter(attempts)), after);
        }
    }

    private WebhookStore.Outcome auditUnavailable(Delivery d) {
        log.warn("Access record for webhook {} not written; delivery postponed", d.id());
        Instant now = clock.instant();
        return WebhookStore.Outcome.retry(d.id(), d.attempts(), "audit-unavailable", now.plus(policy.baseBackoff()),
                now);
    }

    /** Null when the app answered 2xx, else why not. */
    private String send(Delivery d, Subscription s, String sub, String consentId) {
        long timestamp = clock.instant().getEpochSecond();
        String body = payload(d, s, sub, consentId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.url()))
                .timeout(policy.timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", d.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(s.secret(), d.id(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private String payload(Delivery d, Subscription s, String sub, String consentId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subject", sub);
        data.put("eventId", d.eventId());
        data.put("category", d.category());
        data.put("purpose", s.purpose());
        data.put("consentId", consentId);
        data.put("details", d.data() == null ? Map.of()
                : mapper.readValue(d.data(), new TypeReference<Map<String, String>>() { }));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", d.eventType());
        envelope.put("timestamp", d.occurredAt().toString());
        envelope.put("data", data);
        return mapper.writeValueAsString(envelope);
    }

    private boolean record(Delivery d, Subscription s, String sub, AccessRecord.DecisionEnum decision,
            String reason, String consentId) {
        AccessRecord record = new AccessRecord(UUID.randomUUID(), OffsetDateTime.now(clock).withOffsetSameInstant(
                ZoneOffset.UTC), d.residentId(), s.appId(), d.category(), decision, reason,
                AccessRecord.ChannelEnum.WEBHOOK_DELIVERY);
        record.setCorrelationId(d.id());
        record.setSubject(sub);
        record.setPurpose(s.purpose());
        record.setConsentId(consentId);
        try {
            audit.write(record);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static WebhookDeadLetter deadLetter(Delivery d, int attempts, String error, Instant at) {
        WebhookDeadLetter letter = new WebhookDeadLetter(d.id(), d.subscriptionId(), d.appId(), d.eventId(),
                d.eventType(), attempts, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        letter.setResidentId(d.residentId());
        letter.setLastError(error);
        return letter;
    }
}
