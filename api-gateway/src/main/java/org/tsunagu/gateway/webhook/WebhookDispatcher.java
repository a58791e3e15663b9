package org.tsunagu.gateway.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.WebhookDeadLetter;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.subject.KnownSubjects;
import org.tsunagu.gateway.subject.SubjectLookupUnavailableException;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers webhooks. For each attempt, at the moment of sending: the subscription must still
 * exist, the resident's consent (app, category, subscription purpose) must allow it in the
 * local view, and the app's pairwise sub must be known; then the access record is written
 * (fail closed) and the signed request sent. First attempts are made inline as events arrive
 * ({@link #deliver}); only what they leave unsettled is stored, and the poller makes the
 * retries from the table with backoff and jitter; after the last attempt the delivery is
 * dead-lettered (ADR 0042, 0045).
 *
 * <p>Several gateway instances may share one table. The poller attempts a stored delivery only
 * after {@link WebhookStore#claim claiming} it, so each due row is attempted by one instance at a
 * time: the claim leases the row for the longest an attempt may take (twice the request timeout
 * and a second) plus the base backoff, and a row stored in flight by an inline first attempt is
 * leased for the request timeout plus the base backoff. A row whose instance died is due again when its lease is over
 * and is attempted again by any instance under the same webhook-id (at least once, with the same
 * idempotency key, as after a restart). An outcome is stored only if the row still stands as its
 * attempt found it: one that comes after its lease was over and the row was claimed again is
 * dropped (and its dead letter not published), never overwriting the newer state. The
 * {@code inFlight} set only keeps this instance from starting a second attempt of a row it is
 * already attempting; nothing else here depends on which instance wrote a row (re-drive and the
 * dead-letter list read the table).
 */
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final WebhookStore store;
    private final SubscriptionDirectory subscriptions;
    private final ConsentView view;
    private final KnownSubjects subjects;
    private final AppDirectory apps;
    private final AccessRecordSink audit;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final JsonMapper mapper;
    private final WebhookSender sender;
    private final Duration inlineBudget;
    /** How long a claimed row stays this instance's: the longest an attempt may take, plus the base backoff. */
    private final Duration claimLease;
    private final Duration keepFinished;
    private long nextPurge;
    private final int senders;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Deliveries in flight from an inline first attempt (they hold no sender slot). */
    private final Set<String> inline = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<WebhookStore.Outcome> outcomes = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile boolean writing;
    private Thread poller;
    private Thread writer;
    private ExecutorService pool;
    private Semaphore slots;

    /**
     * @param subscriptions the subscriptions as they stand now (the retry path looks each up per attempt,
     *        and attempts nothing before they are all loaded: a subscription not loaded yet is not a deleted one)
     */
    public WebhookDispatcher(WebhookStore store, SubscriptionDirectory subscriptions,
            ConsentView view, KnownSubjects subjects, AppDirectory apps,
            AccessRecordSink audit, DeadLetterPublisher deadLetters, DeliveryPolicy policy, Clock clock,
            JsonMapper mapper, WebhookSender sender, Duration inlineBudget, Duration keepFinished, int senders) {
        this.store = store;
        this.subscriptions = subscriptions;
        this.view = view;
        this.subjects = subjects;
        this.apps = apps;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.clock = clock;
        this.mapper = mapper;
        this.sender = sender;
        this.inlineBudget = inlineBudget;
        // an attempt waits at most twice the request timeout and a second for its answer (see attempt);
        // the access record and subject look-up before it are bounded by their own, shorter timeouts
        this.claimLease = policy.timeout().multipliedBy(2).plusSeconds(1).plus(policy.baseBackoff());
        this.keepFinished = keepFinished;
        this.senders = senders;
    }

    /** Wakes the poller: a delivery was enqueued or re-driven. */
    public void nudge() {
        Thread t = poller;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * First attempts of deliveries just read from the topic, made at once on the caller's thread
     * (the intake's, before it commits the poll's offsets): consent decided, the access records
     * of the whole poll written together, the allowed requests sent together, and the answers
     * awaited for at most {@code inlineBudget}. Only what is not settled is stored: deliveries to
     * retry or dead ones, and those whose answer has not come yet (their outcome is stored when
     * it comes; should the process die first, they are attempted again under the same
     * webhook-id). A delivered or skipped delivery leaves no row: its access record is its trace.
     * When the dispatcher is not running or the consent view is not caught up, the deliveries
     * are only stored, for the poller. Throws if storing fails (the caller retries the poll).
     */
    public void deliver(List<Delivery> fresh, Map<String, Subscription> subscriptions) {
        Instant now = clock.instant();
        if (!running || !view.isCaughtUp()) {
            store.insertAll(fresh);
            nudge();
            return;
        }
        Set<String> stored = store.existing(fresh.stream().map(Delivery::id).toList());
        List<Attempt> attempts = new ArrayList<>(fresh.size());
        Set<String> seen = new HashSet<>();
        for (Delivery d : fresh) {
            // a replayed event already in the table is the poller's; an event twice in one poll is sent once
            if (!stored.contains(d.id()) && seen.add(d.id())) {
                attempts.add(prepare(d, subscriptions.get(d.subscriptionId()), now));
            }
        }
        recordAndSend(attempts);
        awaitAnswers(attempts, inlineBudget);
        List<Delivery> rows = new ArrayList<>();
        List<WebhookDeadLetter> dead = new ArrayList<>();
        Map<Attempt, Delivery> unanswered = new LinkedHashMap<>();
        Instant after = clock.instant();
        for (Attempt a : attempts) {
            WebhookStore.Outcome outcome = a.sent == null ? a.outcome
                    : a.sent.isDone() ? outcomeOf(a.delivery, a.sent.join()) : null;
            if (outcome == null) {
                // leased: due (to any instance) only once its request has surely timed out
                Delivery inFlightRow = WebhookStore.Outcome.retry(a.delivery, a.delivery.attempts(), "in flight",
                        after.plus(policy.timeout()).plus(policy.baseBackoff()), after).row();
                unanswered.put(a, inFlightRow);
                rows.add(inFlightRow);
            } else if (outcome.status() == null || outcome.status() == Delivery.Status.DEAD) {
                rows.add(outcome.row());
                if (outcome.deadLetter() != null) {
                    dead.add(outcome.deadLetter());
                }
            }
        }
        Set<String> inserted = rows.isEmpty() ? Set.of() : insertAll(rows);
        // a row another instance stored first is its: no dead letter from here, and the outcome of
        // an answer still out here will not match that row, so it is dropped
        dead.stream().filter(letter -> inserted.contains(letter.getDeliveryId())).forEach(deadLetters::publish);
        unanswered.forEach((a, row) -> {
            inFlight.add(row.id());
            inline.add(row.id());
            a.sent.whenComplete((error, e) -> outcomes.add(outcomeOf(row, error)));
        });
        if (rows.size() > unanswered.size()) {
            nudge();
        }
    }

    /**
     * Inserts the rows, once more if another instance inserted one of the same deliveries at the
     * same moment (the duplicate key undid the whole transaction; the second time that row is
     * seen stored and skipped).
     */
    private Set<String> insertAll(List<Delivery> rows) {
        try {
            return store.insertAll(rows);
        } catch (DuplicateKeyException e) {
            log.info("Webhook deliveries stored by another instance meanwhile; storing the rest again");
            return store.insertAll(rows);
        }
    }

    /** Waits for the attempts' answers, at most {@code budget} in all. */
    private static void awaitAnswers(List<Attempt> attempts, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (Attempt a : attempts) {
            if (a.sent == null || a.sent.isDone()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                a.sent.get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // not answered in time: stored as in flight by the caller
            }
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
        if (!inline.remove(id)) { // an inline first attempt took no sender slot
            slots.release();
        }
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
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!inline.isEmpty() && System.nanoTime() < deadline) { // answers of inline first attempts
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
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

    /** Closes the dead-letter producer; Spring calls it at shutdown, after {@link #stop()}. */
    public void close() {
        deadLetters.close();
    }

    private void poll() {
        while (running) {
            try {
                // no consent decision before the view is complete, and no "subscription deleted" before the
                // subscriptions are: after a restart the table holds rows the directory has not loaded yet
                if (!view.isCaughtUp() || !subscriptions.isCaughtUp()) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                purgeNowAndThen();
                List<Delivery> due = store.due(clock.instant(), 200);
                int started = 0;
                for (Delivery d : due) {
                    if (inFlight.add(d.id())) {
                        slots.acquire();
                        started++;
                        // claimed as the attempt starts (not before it waits for a sender): the list may predate
                        // an attempt that finished since, or another instance may claim the row first
                        run(d.id(), () -> claim(d).map(this::attempt).orElse(null));
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

    /** Claims a due row for an attempt by this instance, leased for {@code claimLease}; empty if someone was first. */
    private Optional<Delivery> claim(Delivery due) {
        Instant now = clock.instant();
        return store.claim(due, now, now.plus(claimLease));
    }

    /** Every ten minutes: deletes delivered and skipped rows older than {@code keepFinished}. */
    private void purgeNowAndThen() {
        long now = System.nanoTime();
        if (nextPurge != 0 && now - nextPurge < 0) {
            return;
        }
        nextPurge = now + TimeUnit.MINUTES.toNanos(10);
        int purged = store.purgeFinished(clock.instant().minus(keepFinished));
        if (purged > 0) {
            log.info("Purged {} finished webhook deliveries older than {}", purged, keepFinished);
        }
    }

    /**
     * Stores the outcomes of finished attempts, all that are waiting in one transaction (group
     * commit), and only then frees their deliveries and publishes their dead letters. Until it is
     * stored an outcome's delivery stays in flight; if the process dies first, the delivery is
     * still pending in the table and is attempted again under the same webhook-id. A stale
     * outcome (its row claimed again since: the attempt outlived its lease) is not stored, and
     * its dead letter is not published.
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
                List<WebhookStore.Outcome> stored;
                while ((stored = stored(batch)) == null) {
                    if (!writing) {
                        return; // stopping and the table is away: the deliveries stay pending there
                    }
                    LockSupport.parkNanos(IDLE_PARK_NANOS * 5);
                }
                for (WebhookStore.Outcome o : stored) {
                    if (o.deadLetter() != null) {
                        deadLetters.publish(o.deadLetter());
                    }
                }
                if (stored.size() < batch.size()) {
                    log.info("{} webhook attempt outcomes not stored: their deliveries were claimed again (an attempt "
                            + "outlived its lease) or settled meanwhile", batch.size() - stored.size());
                }
                for (WebhookStore.Outcome o : batch) {
                    release(o.id());
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The outcomes of the batch that were stored (not stale), or null if storing failed. */
    private List<WebhookStore.Outcome> stored(List<WebhookStore.Outcome> batch) {
        try {
            return store.store(batch);
        } catch (RuntimeException e) {
            log.warn("Outcomes of {} webhook attempts not stored yet, retrying: {}", batch.size(), e.toString());
            return null;
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

    /**
     * One attempt of one delivery, as claimed in the table; returns how it ended, to be stored
     * only if the row still stands as {@code d} (package-visible for tests).
     */
    WebhookStore.Outcome attempt(Delivery d) {
        Attempt a = prepare(d, subscriptions.byId(d.subscriptionId()).orElse(null), clock.instant());
        recordAndSend(List.of(a));
        if (a.sent == null) {
            return a.outcome;
        }
        String error;
        try { // the client bounds connect and answer by the timeout; this only guards against a lost callback
            error = a.sent.get(policy.timeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            error = "timeout";
        }
        return outcomeOf(a.delivery, error);
    }

    /** One attempt in the making: what was decided, the access record to write first, the request once sent. */
    private static final class Attempt {
        final Delivery delivery;
        final Subscription subscription;
        AccessRecord record;
        String sub;
        String consentId;
        boolean allowed;
        /** Set when the attempt ends without a request (skipped, postponed). */
        WebhookStore.Outcome outcome;
        /** Set once the request has left: completes with null (2xx) or why not. */
        CompletableFuture<String> sent;

        Attempt(Delivery delivery, Subscription subscription) {
            this.delivery = delivery;
            this.subscription = subscription;
        }
    }

    /**
     * Decides an attempt at this moment: the subscription must still exist, its URL must still be
     * on the origin the operator approved for the app (ADR 0055), the resident's
     * consent (app, category, subscription purpose) must allow it in the local view, the app's
     * pairwise sub must be known, and requests to the app's host must not be paused by its
     * circuit breaker. Nothing is written or sent here.
     */
    private Attempt prepare(Delivery d, Subscription s, Instant now) {
        Attempt a = new Attempt(d, s);
        if (s == null) {
            a.outcome = WebhookStore.Outcome.finished(d, Delivery.Status.SKIPPED, d.attempts(),
                    "subscription deleted", now);
            return a;
        }
        Optional<URI> approved;
        try {
            approved = apps.approvedWebhookUrl(s.appId());
        } catch (ApiProblemException e) {
            log.warn("Approved webhook URL of {} not known now (regional ID unavailable); delivery {} postponed",
                    s.appId(), d.id());
            a.outcome = WebhookStore.Outcome.retry(d, d.attempts(), "dependency-unavailable",
                    now.plus(policy.baseBackoff()), now);
            return a;
        }
        if (!approved.map(url -> ApprovedOrigin.matches(url, URI.create(s.url()))).orElse(false)) {
            // the operator withdrew or changed the app's webhook URL since it subscribed: nothing goes there
            String reason = ProblemType.WEBHOOK_URL_NOT_APPROVED.slug();
            a.record = record(d, s, null, AccessRecord.DecisionEnum.DENIED, reason, null);
            a.outcome = WebhookStore.Outcome.finished(d, Delivery.Status.SKIPPED, d.attempts(), reason, now);
            return a;
        }
        Decision decision = view.decide(new ConsentKey(d.residentId(), s.appId(), d.category(), s.purpose()), now);
        if (decision instanceof Decision.Denied denied) {
            a.record = record(d, s, null, AccessRecord.DecisionEnum.DENIED, denied.reason().slug(), denied.consentId());
            a.outcome = WebhookStore.Outcome.finished(d, Delivery.Status.SKIPPED, d.attempts(),
                    denied.reason().slug(), now);
            return a;
        }
        a.consentId = ((Decision.Allowed) decision).consentId();
        Optional<String> sub;
        try {
            sub = subjects.subFor(s.appId(), d.residentId());
        } catch (SubjectLookupUnavailableException e) {
            log.warn("Subject for webhook {} not known yet (regional ID unavailable); delivery postponed", d.id());
            a.outcome = WebhookStore.Outcome.retry(d, d.attempts(), "dependency-unavailable",
                    now.plus(policy.baseBackoff()), now);
            return a;
        }
        if (sub.isEmpty()) {
            a.record = record(d, s, null, AccessRecord.DecisionEnum.DENIED, "subject-unknown", a.consentId);
            a.outcome = WebhookStore.Outcome.finished(d, Delivery.Status.SKIPPED, d.attempts(),
                    "subject-unknown", now);
            return a;
        }
        if (sender.isPaused(s.url())) {
            // the app's host failed recently (its breaker is open): no request, so no access record either;
            // it counts as an attempt, so a host that stays down ends in the dead letters as before
            a.outcome = outcomeOf(d, WebhookSender.CIRCUIT_OPEN);
            return a;
        }
        a.sub = sub.get();
        a.record = record(d, s, a.sub, AccessRecord.DecisionEnum.ALLOWED, "granted", a.consentId);
        a.allowed = true;
        return a;
    }

    /**
     * Writes the access records of all the attempts together (fail closed: an attempt whose
     * record was not acknowledged sends nothing and is postponed), then sends the allowed ones.
     */
    private void recordAndSend(List<Attempt> attempts) {
        List<Attempt> recorded = attempts.stream().filter(a -> a.record != null).toList();
        if (recorded.isEmpty()) {
            return;
        }
        boolean[] written = audit.writeAll(recorded.stream().map(a -> a.record).toList());
        for (int i = 0; i < written.length; i++) {
            Attempt a = recorded.get(i);
            if (!written[i]) {
                a.outcome = auditUnavailable(a.delivery); // nothing leaves; the delivery is tried again
            } else if (a.allowed) {
                a.sent = send(a.delivery, a.subscription, a.sub, a.consentId);
            }
        }
    }

    /** How an attempt of {@code d} whose request was sent ended, given the app's answer (null: 2xx). */
    private WebhookStore.Outcome outcomeOf(Delivery d, String error) {
        int attempts = d.attempts() + 1;
        Instant after = clock.instant();
        if (error == null) {
            return WebhookStore.Outcome.finished(d, Delivery.Status.DELIVERED, attempts, null, after);
        } else if (attempts >= policy.maxAttempts()) {
            return new WebhookStore.Outcome(d, Delivery.Status.DEAD, attempts, error, null, after,
                    deadLetter(d, attempts, error, after));
        } else {
            return WebhookStore.Outcome.retry(d, attempts, error, after.plus(policy.backoffAfter(attempts)), after);
        }
    }

    private WebhookStore.Outcome auditUnavailable(Delivery d) {
        log.warn("Access record for webhook {} not written; delivery postponed", d.id());
        Instant now = clock.instant();
        return WebhookStore.Outcome.retry(d, d.attempts(), "audit-unavailable", now.plus(policy.baseBackoff()),
                now);
    }

    /** Signs and sends; completes with null when the app answered 2xx, else why not. */
    private CompletableFuture<String> send(Delivery d, Subscription s, String sub, String consentId) {
        long timestamp = clock.instant().getEpochSecond();
        String body = payload(d, s, sub, consentId);
        return sender.post(s.url(), d.id(), timestamp, WebhookSigner.sign(s.secret(), d.id(), timestamp, body), body);
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

    private AccessRecord record(Delivery d, Subscription s, String sub, AccessRecord.DecisionEnum decision,
            String reason, String consentId) {
        AccessRecord record = new AccessRecord(UUID.randomUUID(), OffsetDateTime.now(clock).withOffsetSameInstant(
                ZoneOffset.UTC), d.residentId(), s.appId(), d.category(), decision, reason,
                AccessRecord.ChannelEnum.WEBHOOK_DELIVERY);
        record.setCorrelationId(d.id());
        record.setSubject(sub);
        record.setPurpose(s.purpose());
        record.setConsentId(consentId);
        return record;
    }

    private static WebhookDeadLetter deadLetter(Delivery d, int attempts, String error, Instant at) {
        WebhookDeadLetter letter = new WebhookDeadLetter(d.id(), d.subscriptionId(), d.appId(), d.eventId(),
                d.eventType(), attempts, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        letter.setResidentId(d.residentId());
        letter.setLastError(error);
        return letter;
    }
}
