package org.tsunagu.gateway.audit;

import org.tsunagu.contracts.events.AccessRecord;

/** Where access records go; a read may only be answered once its record is durably written. */
public interface AccessRecordSink {

    /**
     * Writes the record and waits until it is acknowledged.
     *
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code audit-unavailable} if it could not be written
     */
    void write(AccessRecord record);
}
