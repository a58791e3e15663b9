package org.tsunagu.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.hl7.fhir.r4.model.DateTimeType;
import org.junit.jupiter.api.Test;

/**
 * Instants on a whole minute (1 in 60 consents: validity is kept to the second) stay valid FHIR
 * dateTimes, in the FHIR export and in receipts alike (both write times with {@link IsoTimes}).
 */
class IsoTimesTest {

    @Test
    void givenAnInstantOnAWholeMinute_whenFormatted_thenSecondsAreKept_andFhirAcceptsIt() {
        String end = IsoTimes.iso(Instant.parse("2027-11-22T15:49:00Z"));

        assertThat(end).isEqualTo("2027-11-22T15:49:00Z");
        assertThat(new DateTimeType(end).getValue()).isEqualTo(java.util.Date.from(Instant.parse(end)));
        assertThat(IsoTimes.iso(Instant.parse("2027-11-22T15:49:07.250Z"))).isEqualTo("2027-11-22T15:49:07.25Z");
    }
}
