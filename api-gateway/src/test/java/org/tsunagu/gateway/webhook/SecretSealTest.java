package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretSealTest {

    private static final String SECRET = "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci1hcHAtb25lISE=";

    static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void givenASealedSecret_whenOpenedForItsSubscription_thenTheSecret_andTheSealedTextHidesIt() {
        SecretSeal seal = new SecretSeal("k1", Map.of("k1", key()));

        String sealed = seal.seal("sub-1", SECRET);

        assertThat(sealed).doesNotContain(SECRET, "c2VjcmV0").startsWith("ey").contains(".");
        assertThat(seal.open("sub-1", sealed)).isEqualTo(SECRET);
        assertThat(seal.seal("sub-1", SECRET)).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void givenASealedSecretCopiedIntoAnotherSubscription_whenOpened_thenRefused() {
        SecretSeal seal = new SecretSeal("k1", Map.of("k1", key()));
        String sealed = seal.seal("sub-1", SECRET);

        assertThatThrownBy(() -> seal.open("sub-2", sealed)).isInstanceOf(SecretSeal.Unopenable.class)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void givenAnAlteredCiphertextOrHeader_whenOpened_thenRefused() {
        SecretSeal seal = new SecretSeal("k1", Map.of("k1", key()));
        String[] parts = seal.seal("sub-1", SECRET).split("\\.");
        char c = parts[3].charAt(0);
        parts[3] = (c == 'A' ? 'B' : 'A') + parts[3].substring(1);
        String alteredCiphertext = String.join(".", parts);
        String otherHeader = seal.seal("sub-2", SECRET).split("\\.")[0];
        String[] moved = seal.seal("sub-1", SECRET).split("\\.");
        moved[0] = otherHeader; // the header is authenticated: swapping it breaks the tag
        String headerSwapped = String.join(".", moved);

        assertThatThrownBy(() -> seal.open("sub-1", alteredCiphertext)).isInstanceOf(SecretSeal.Unopenable.class);
        assertThatThrownBy(() -> seal.open("sub-2", headerSwapped)).isInstanceOf(SecretSeal.Unopenable.class);
        assertThatThrownBy(() -> seal.open("sub-1", "whsec_plain")).isInstanceOf(SecretSeal.Unopenable.class);
    }

    @Test
    void givenARotatedKey_whenOpeningOldSeals_thenTheOldKeyStillOpensThem_andNewSealsUseTheNewKey() {
        String oldKey = key();
        String sealedBefore = new SecretSeal("2026a", Map.of("2026a", oldKey)).seal("sub-1", SECRET);
        SecretSeal rotated = new SecretSeal("2026b", Map.of("2026a", oldKey, "2026b", key()));
        SecretSeal withoutOld = new SecretSeal("2026b", Map.of("2026b", key()));

        String sealedAfter = rotated.seal("sub-1", SECRET);

        assertThat(rotated.open("sub-1", sealedBefore)).isEqualTo(SECRET);
        assertThat(rotated.open("sub-1", sealedAfter)).isEqualTo(SECRET);
        assertThatThrownBy(() -> new SecretSeal("2026a", Map.of("2026a", oldKey)).open("sub-1", sealedAfter))
                .isInstanceOf(SecretSeal.Unopenable.class).hasMessageContaining("'2026b'");
        assertThatThrownBy(() -> withoutOld.open("sub-1", sealedBefore))
                .isInstanceOf(SecretSeal.Unopenable.class).hasMessageContaining("'2026a'");
    }

    @Test
    void givenBadKeyConfiguration_whenBuilt_thenAClearError() {
        assertThatThrownBy(() -> new SecretSeal("k1", Map.of())).hasMessageContaining("No webhook secret sealing key");
        assertThatThrownBy(() -> new SecretSeal("k2", Map.of("k1", key()))).hasMessageContaining("'k2'");
        assertThatThrownBy(() -> new SecretSeal("k1", Map.of("k1", "c2hvcnQ="))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretSeal("k1", Map.of("k1", "not base64!"))).hasMessageContaining("Base64");
    }
}
