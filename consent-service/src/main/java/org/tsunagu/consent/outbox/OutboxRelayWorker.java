package org.tsunagu.consent.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs the {@link OutboxRelay} on its own thread: right after each commit that appended an
 * event, and every poll interval as a fallback. After a failure it backs off (doubling up to
 * a maximum) and tries again; HTTP requests never wait for it.
 */
class OutboxRelayWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayWorker.class);

    private final OutboxRelay relay;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Semaphore stopSignal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    OutboxRelayWorker(OutboxRelay relay, Duration pollInterval, Duration maxBackoff) {
        this.relay = relay;
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
    }

    /** Wakes the relay once the transaction that wrote an outbox row has committed. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onAppended(OutboxAppended appended) {
        wake();
    }

    void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        // a restart must not inherit the previous stop's signal (it would end the new loop at once)
        stopSignal.drainPermits();
        thread = new Thread(this::loop, "consent-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        stopSignal.release();
        wakeUp.release();
        if (thread != null) {
            try {
                thread.join(pollInterval.plus(maxBackoff).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start after the web server and Kafka infrastructure, stop before them
        return Integer.MAX_VALUE - 100;
    }

    private void loop() {
        Duration backoff = pollInterval;
        boolean failing = false;
        while (running) {
            try {
                RelayRun run = relay.relayPending();
                if (run.failed()) {
                    if (!failing) {
                        log.warn("Consent events not published yet, retrying with backoff: {}",
                                String.valueOf(run.failure()));
                    }
                    failing = true;
                    waitForStop(backoff);
                    backoff = min(backoff.multipliedBy(2), maxBackoff);
                    continue;
                }
                if (failing) {
                    log.info("Consent event publishing resumed");
                }
                failing = false;
                backoff = pollInterval;
            } catch (RuntimeException e) {
                log.warn("Outbox relay pass failed: {}", e.toString());
                waitForStop(maxBackoff);
                continue;
            }
            waitForWakeUp();
        }
    }

    private void waitForWakeUp() {
        try {
            wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            wakeUp.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void waitForStop(Duration duration) {
        try {
            if (stopSignal.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                running = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
