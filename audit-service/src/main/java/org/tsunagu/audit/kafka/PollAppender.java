package org.tsunagu.audit.kafka;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.ChainWriter;
import org.tsunagu.audit.chain.EntryContent;

/**
 * Appends one poll of a topic to the audit chain in one transaction. Messages that cannot be read
 * (the {@code ErrorHandlingDeserializer} hands them to a batch listener with a null value and the
 * failure in a header) and incomplete ones are logged without content and skipped. Any other
 * failure propagates, so the container's error handler retries the whole poll (see
 * {@link KafkaConfiguration}); the chain ignores the entry ids it already holds.
 */
@Component
public class PollAppender {

    private static final Logger log = LoggerFactory.getLogger(PollAppender.class);

    private final ChainWriter chain;

    PollAppender(ChainWriter chain) {
        this.chain = chain;
    }

    /**
     * @param toEntry maps a message value to chain content, or null if it is incomplete
     * @param what    what one message is, for the log ("access record", "consent event")
     * @return the entries added to the chain
     */
    public <T> List<ChainEntry> append(List<ConsumerRecord<String, T>> poll, Function<T, EntryContent> toEntry,
                                       String what) {
        List<EntryContent> contents = new ArrayList<>(poll.size());
        for (ConsumerRecord<String, T> message : poll) {
            if (unreadable(message)) {
                log.warn("Skipping unreadable {} at {}-{}@{}", what, message.topic(), message.partition(),
                        message.offset());
                continue;
            }
            EntryContent content = toEntry.apply(message.value());
            if (content == null) {
                // Also covers compaction tombstones (null values without a failure header).
                log.warn("Skipping incomplete {} at {}-{}@{}", what, message.topic(), message.partition(),
                        message.offset());
                continue;
            }
            contents.add(content);
        }
        try {
            return chain.appendAll(contents);
        } catch (DataIntegrityViolationException e) {
            return oneByOne(contents, what);
        }
    }

    /**
     * Some content the database can never take (e.g. a value longer than its column) failed the whole
     * poll: append one at a time, so only that one is skipped.
     */
    private List<ChainEntry> oneByOne(List<EntryContent> contents, String what) {
        List<ChainEntry> added = new ArrayList<>();
        for (EntryContent content : contents) {
            try {
                chain.append(content).ifPresent(added::add);
            } catch (DataIntegrityViolationException e) {
                log.warn("Skipping {} {} the audit database cannot store ({}, SQL state {})", what,
                        content.entryId(), e.getClass().getName(), sqlState(e));
            }
        }
        return added;
    }

    private static String sqlState(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean unreadable(ConsumerRecord<?, ?> message) {
        return message.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null
                || message.headers().lastHeader(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER) != null;
    }
}
