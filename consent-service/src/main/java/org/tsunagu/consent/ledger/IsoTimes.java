package org.tsunagu.consent.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How consent times are written in documents that leave the service (FHIR export, consent receipts). */
public final class IsoTimes {

    private IsoTimes() {
    }

    /**
     * ISO 8601 in UTC, always with seconds: {@code OffsetDateTime.toString()} drops ":00", which a
     * FHIR dateTime refuses (and a receipt would then write times in two shapes).
     */
    public static String iso(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
