package org.tsunagu.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReceiptClaimsTimeTest {

    @Test
    void givenAnInstantOnAWholeMinute_whenFormattedForAReceipt_thenSecondsAreKept() {
        assertThat(ReceiptClaims.iso(Instant.parse("2027-11-22T15:49:00Z"))).isEqualTo("2027-11-22T15:49:00Z");
    }
}
