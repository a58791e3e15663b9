package org.tsunagu.gateway.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** Writes access records to {@code tsunagu.access-records.v1} (key residentId) and waits for acks=all. */
public class KafkaAccessRecordSink implements AccessRecordSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaAccessRecordSink.class);

    private final KafkaTemplate<String, AccessRecord> template;
    private final String topic;
    private final Duration maxWait;

    public KafkaAccessRecordSink(KafkaTemplate<String, AccessRecord> template, String topic, Duration maxWait) {
        this.template = template;
        this.topic = topic;
        this.maxWait = maxWait;
    }

    /**
     * Closes the producer, flushing what it still holds (bounded by its delivery timeout). Spring
     * calls it at shutdown, after the beans that write through this sink have stopped.
     */
    public void close() {
        template.getProducerFactory().reset();
    }

    @Override
    public void write(AccessRecord record) {
        try {
            template.send(topic, record.getResidentId(), record).get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean[] writeAll(List<AccessRecord> records) {
        boolean[] written = new boolean[records.size()];
        List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
        CompletableFuture<?> refused = null;
        for (AccessRecord record : records) {
            if (refused != null) { // the producer already gave up (no broker within max.block): so would the rest
                sent.add(refused);
                continue;
            }
            CompletableFuture<?> f;
            try {
                f = template.send(topic, record.getResidentId(), record);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            if (f.isCompletedExceptionally()) {
                refused = f;
            }
            sent.add(f);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        int failed = 0;
        Exception firstFailure = null;
        for (int i = 0; i < written.length; i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                written[i] = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed += written.length - i;
                firstFailure = firstFailure == null ? e : firstFailure;
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (failed > 0) {
            log.error("{} of {} access records could not be written; their data is not released: {}", failed,
                    written.length, firstFailure.toString());
        }
        return written;
    }

    private static ApiProblemException unavailable(Exception cause) {
        log.error("Access record could not be written; refusing the read: {}", cause.toString());
        return new ApiProblemException(ProblemType.AUDIT_UNAVAILABLE,
                "The access could not be recorded, so no data is released.", cause);
    }
}
