package org.tsunagu.audit.accesslog;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.appdirectory.AppDirectory;
import org.tsunagu.audit.chain.ChainWriter;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.kafka.Topics;

import tools.jackson.databind.JsonNode;

/**
 * Appends the gateway's access records to the audit chain, each record id once. Read as a JSON
 * tree, not the generated type, so a channel this build does not know yet (e.g. a new delivery
 * kind) is chained as it is instead of being dropped as unreadable.
 */
@Component
class AccessRecordListener {

    private static final Logger log = LoggerFactory.getLogger(AccessRecordListener.class);

    private final ChainWriter chain;
    private final AppDirectory apps;

    AccessRecordListener(ChainWriter chain, AppDirectory apps) {
        this.chain = chain;
        this.apps = apps;
    }

    @KafkaListener(id = "audit-access-records", topics = Topics.ACCESS_RECORDS, groupId = Topics.GROUP_ID,
            containerFactory = "accessRecordListenerFactory")
    void onAccessRecord(ConsumerRecord<String, JsonNode> message) {
        EntryContent content = AccessRecords.toEntry(message.value(), apps);
        if (content == null) {
            log.warn("Skipping incomplete access record at {}-{}@{}", message.topic(), message.partition(),
                    message.offset());
            return;
        }
        if (chain.append(content).isEmpty()) {
            log.debug("Access record {} already in the chain", content.entryId());
        }
    }
}
