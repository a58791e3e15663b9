package org.tsunagu.id.pairwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class PairwiseSubjectCalculatorTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void givenASecret_whenDerivingASub_thenItIsBase64UrlOfHmacOfClientAndResident() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal("app-a|RID-0001".getBytes(StandardCharsets.UTF_8)));

        assertThat(new PairwiseSubjectCalculator(SECRET).subFor("app-a", "RID-0001")).isEqualTo(expected).doesNotContain("=");
    }

    @Test
    void givenTwoApps_whenDerivingSubsForOneResident_thenTheyDiffer() {
        PairwiseSubjectCalculator calculator = new PairwiseSubjectCalculator(SECRET);

        assertThat(calculator.subFor("app-a", "RID-0001")).isNotEqualTo(calculator.subFor("app-b", "RID-0001"));
    }

    @Test
    void givenAShortSecret_whenCreating_thenItIsRejected() {
        assertThatThrownBy(() -> new PairwiseSubjectCalculator(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
