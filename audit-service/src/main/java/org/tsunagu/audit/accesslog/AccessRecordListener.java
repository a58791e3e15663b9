package org.tsunagu.audit.accesslog;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.AccessRecord;

/** Copies the gateway's access records into the audit log, each record id once. */
@Component
class AccessRecordListener {

    private static final Logger log = LoggerFactory.getLogger(AccessRecordListener.class);

    private final AccessRecordStore store;

    AccessRecordListener(AccessRecordStore store) {
        this.store = store;
    }

    @KafkaListener(id = "audit-access-records", topics = Topics.ACCESS_RECORDS, groupId = Topics.GROUP_ID,
            containerFactory = "accessRecordListenerFactory")
    void onAccessRecord(ConsumerRecord<String, AccessRecord> message) {
        AccessRecord record = message.value();
        if (!isComplete(record)) {
            log.warn("Skipping incomplete access record at {}-{}@{}", message.topic(), message.partition(),
                    message.offset());
            return;
        }
        if (!store.storeIfAbsent(record)) {
            log.debug("Access record {} already stored", record.getRecordId());
        }
    }

    private static boolean isComplete(AccessRecord r) {
        return r != null && r.getRecordId() != null && r.getOccurredAt() != null && r.getResidentId() != null
                && r.getAppId() != null && r.getCategory() != null && r.getDecision() != null
                && r.getReason() != null && r.getChannel() != null;
    }
}
