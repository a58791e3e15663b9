package org.tsunagu.audit.accesslog;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.appdirectory.AppDirectory;
import org.tsunagu.audit.kafka.PollAppender;
import org.tsunagu.audit.kafka.Topics;

import tools.jackson.databind.JsonNode;

/**
 * Appends the gateway's access records to the audit chain, each record id once, one poll per
 * transaction. Read as a JSON tree, not the generated type, so a channel this build does not know
 * yet (e.g. a new delivery kind) is chained as it is instead of being dropped as unreadable.
 */
@Component
class AccessRecordListener {

    private final PollAppender chain;
    private final AppDirectory apps;

    AccessRecordListener(PollAppender chain, AppDirectory apps) {
        this.chain = chain;
        this.apps = apps;
    }

    @KafkaListener(id = "audit-access-records", topics = Topics.ACCESS_RECORDS, groupId = Topics.GROUP_ID,
            containerFactory = "accessRecordListenerFactory")
    void onAccessRecords(List<ConsumerRecord<String, JsonNode>> poll) {
        chain.append(poll, value -> AccessRecords.toEntry(value, apps), "access record");
    }
}
