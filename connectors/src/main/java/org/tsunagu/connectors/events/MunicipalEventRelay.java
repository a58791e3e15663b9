package org.tsunagu.connectors.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.event.TransactionalEventListener;
import org.tsunagu.contracts.events.MunicipalEvent;

/**
 * Publishes the outbox in order, keyed by resident id, marking each entry only after the broker
 * acknowledged it (acks=all). Runs on its own thread: after each commit that stored an event and
 * every poll interval; while Kafka is away it backs off and nothing is lost. A crash between ack and
 * mark re-sends an event with the same {@code eventId}, which consumers ignore.
 */
public class MunicipalEventRelay implements SmartLifecycle {

    /** Published after a transaction stored a new event, to wake the relay. */
    public record Stored() {
    }

    private static final Logger log = LoggerFactory.getLogger(MunicipalEventRelay.class);

    private final MunicipalEventOutbox outbox;
    private final KafkaTemplate<String, MunicipalEvent> kafka;
    private final String topic;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public MunicipalEventRelay(MunicipalEventOutbox outbox, KafkaTemplate<String, MunicipalEvent> kafka, String topic,
                               Duration pollInterval, Duration maxBackoff) {
        this.outbox = outbox;
        this.kafka = kafka;
        this.topic = topic;
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onStored(Stored stored) {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Publishes what is pending, a batch at a time: every entry of the batch is sent before any
     * acknowledgement is awaited (the idempotent producer keeps them in order per partition), then
     * the acknowledged entries are marked in one statement, up to the first that failed. Returns how
     * many were published. An entry after a failed one may have reached the broker unmarked: it is
     * sent again later with the same {@code eventId}, which consumers ignore. The batch runs
     * {@linkplain MunicipalEventOutbox#exclusively exclusively}: relays of other instances on the
     * same database wait for it instead of sending the same entries too.
     */
    public int relayPending() throws Exception {
        Relayed relayed = outbox.exclusively(this::relayBatch);
        if (relayed.failure() != null) {
            throw relayed.failure();
        }
        return relayed.acknowledged();
    }

    private Relayed relayBatch() {
        List<MunicipalEventOutbox.Entry> batch = outbox.pending(100);
        List<CompletableFuture<?>> sent = new ArrayList<>(batch.size());
        for (MunicipalEventOutbox.Entry entry : batch) {
            sent.add(kafka.send(new ProducerRecord<>(topic, entry.residentId(), outbox.read(entry))));
        }
        int acknowledged = 0;
        Exception failure = null;
        for (CompletableFuture<?> f : sent) {
            try {
                f.get(10, TimeUnit.SECONDS);
                acknowledged++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            } catch (Exception e) {
                failure = e;
                break;
            }
        }
        if (acknowledged > 0) {
            outbox.markPublished(batch.subList(0, acknowledged).stream().map(MunicipalEventOutbox.Entry::seq).toList());
        }
        return new Relayed(acknowledged, failure);
    }

    /** How a batch went: marked entries are committed even when a later send failed. */
    private record Relayed(int acknowledged, Exception failure) {
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "municipal-event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
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
        return Integer.MAX_VALUE - 100;
    }

    private void loop() {
        Duration wait = pollInterval;
        while (running) {
            try {
                if (relayPending() == 100) {
                    continue; // more may be waiting
                }
                wait = pollInterval;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (wait.equals(pollInterval)) {
                    log.warn("Municipal events not published yet, retrying with backoff: {}", e.toString());
                }
                wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
            }
            try {
                wakeUp.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
