package org.tsunagu.gateway.audit;

import java.time.Duration;
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

    private static ApiProblemException unavailable(Exception cause) {
        log.error("Access record could not be written; refusing the read: {}", cause.toString());
        return new ApiProblemException(ProblemType.AUDIT_UNAVAILABLE,
                "The access could not be recorded, so no data is released.", cause);
    }
}
