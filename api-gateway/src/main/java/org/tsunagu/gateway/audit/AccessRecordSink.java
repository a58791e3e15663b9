package org.tsunagu.gateway.audit;

import java.util.List;

import org.tsunagu.contracts.events.AccessRecord;

/** Where access records go; a read may only be answered once its record is durably written. */
public interface AccessRecordSink {

    /**
     * Writes the record and waits until it is acknowledged.
     *
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code audit-unavailable} if it could not be written
     */
    void write(AccessRecord record);

    /**
     * Writes several records at once: all are sent before any is waited for, so a batch costs
     * about one acknowledgement round trip, not one per record. Never throws; tells, per record
     * in order, whether it was acknowledged (the caller releases data only for those).
     */
    default boolean[] writeAll(List<AccessRecord> records) {
        boolean[] written = new boolean[records.size()];
        for (int i = 0; i < written.length; i++) {
            try {
                write(records.get(i));
                written[i] = true;
            } catch (RuntimeException e) {
                written[i] = false;
            }
        }
        return written;
    }
}
