package org.tsunagu.consent.outbox;

/** Publishes one outbox entry and returns only once the broker acknowledged it. */
public interface ConsentEventSink {

    /** @throws Exception when the event was not acknowledged; the relay will try again later */
    void publish(OutboxEntry entry) throws Exception;
}
