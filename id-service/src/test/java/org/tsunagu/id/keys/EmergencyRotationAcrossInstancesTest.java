package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.tsunagu.id.AllAtOnce;
import org.tsunagu.id.keys.SigningKeyStore.State;

/**
 * The operator's immediate rotation (ADR 0056) with several instances on one database (ADR 0050),
 * each with its own pool and {@link SigningKeys}, reloading only when its watch or its rotation
 * check runs, as on the schedule: what the other instances serve until then, and that they
 * converge after it.
 */
class EmergencyRotationAcrossInstancesTest extends KeyInstancesOnOneDatabase {

    @Test
    void givenTwoInstances_whenOneWithdraws_thenTheOtherKeepsTheOldKeyUntilItsWatch_andThenServesOnlyTheNewOne()
            throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        String leaked = a.currentKeyId();
        SignedJWT forged = sign(b); // anyone holding the leaked private key can sign this

        SigningKeys.Rotation rotation = a.rotate(true);

        assertThat(rotation.keyId()).isNotEqualTo(leaked);
        assertThat(rotation.withdrawnKeyIds()).containsExactly(leaked);
        assertThat(rotation.publishedKeyIds()).containsExactly(rotation.keyId());
        assertThat(kids(a)).as("the instance that withdrew, at once").containsExactly(rotation.keyId());
        assertThat(verifies(forged, jwks(a))).as("the instance that withdrew accepts the leaked key").isFalse();
        assertThat(sign(a).getHeader().getKeyID()).isEqualTo(rotation.keyId());
        assertThat(kids(b)).as("the other instance before its watch: the old key set").containsExactly(leaked);
        assertThat(verifies(forged, jwks(b))).as("the other instance before its watch still accepts the leaked key").isTrue();
        assertThat(sign(b).getHeader().getKeyID()).as("and still signs with it").isEqualTo(leaked);

        assertThat(b.reloadIfChanged()).as("the watch finds the key it signs with gone").isTrue();

        assertThat(kids(b)).as("the other instance after its watch").containsExactly(rotation.keyId());
        assertThat(verifies(forged, jwks(b))).isFalse();
        SignedJWT byB = sign(b);
        assertThat(byB.getHeader().getKeyID()).isEqualTo(rotation.keyId());
        assertThat(verifies(byB, jwks(a))).as("B's new token against A's JWKS").isTrue();
        assertThat(b.reloadIfChanged()).as("nothing changed since").isFalse();
        assertThat(a.reloadIfChanged()).as("nothing changed for the instance that withdrew").isFalse();
    }

    @Test
    void givenTwoInstances_whenOneWithdraws_thenTheOtherConvergesAtItsRotationCheckToo() throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        String leaked = a.currentKeyId();

        String fresh = a.rotate(true).keyId();
        clock.set(clock.instant().plus(CHECK_INTERVAL));
        b.rotateWhenDue();

        assertThat(kids(b)).containsExactly(fresh);
        assertThat(sign(b).getHeader().getKeyID()).isEqualTo(fresh).isNotEqualTo(leaked);
    }

    @Test
    void givenASigningANextAndARetiringKey_whenWithdrawn_thenAllThreeLeaveTheDatabaseAndEveryInstancesJwks()
            throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        String retiring = a.currentKeyId();
        String signing = a.rotateNow();
        checkAt(a, clock.instant().plus(PERIOD).minus(PUBLISH_AHEAD)); // publishes the next key
        b.reloadIfChanged();
        b.rotateWhenDue();
        List<SigningKeyStore.PublishedKey> before = a.published();
        assertThat(before).extracting(SigningKeyStore.PublishedKey::state).containsExactly(State.SIGNING, State.NEXT, State.RETIRING);
        assertThat(before.get(0).kid()).isEqualTo(signing);
        assertThat(before.get(2).kid()).isEqualTo(retiring);
        assertThat(kids(b)).as("B serves all three before the withdrawal").hasSize(3);
        String next = before.get(1).kid();

        SigningKeys.Rotation rotation = a.rotate(true);

        assertThat(rotation.withdrawnKeyIds()).containsExactlyInAnyOrder(signing, next, retiring);
        assertThat(database.jdbc().sql("SELECT kid FROM signing_key").query(String.class).list())
                .as("stored, private parts included").containsExactly(rotation.keyId());
        assertThat(b.reloadIfChanged()).isTrue();
        assertThat(kids(b)).containsExactly(rotation.keyId());
        assertThat(a.published()).extracting(SigningKeyStore.PublishedKey::state).containsExactly(State.SIGNING);
    }

    @Test
    void givenTwoInstances_whenOneRotatesWithoutWithdrawing_thenTheOtherSignsWithTheNewKeyAfterItsWatch_andBothPublishTheOld()
            throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        String old = a.currentKeyId();
        SignedJWT before = sign(b);

        SigningKeys.Rotation rotation = a.rotate(false);

        assertThat(rotation.withdrawnKeyIds()).isEmpty();
        assertThat(rotation.publishedKeyIds()).containsExactly(rotation.keyId(), old);
        assertThat(b.reloadIfChanged()).as("another key signs in the database").isTrue();
        assertThat(sign(b).getHeader().getKeyID()).isEqualTo(rotation.keyId());
        assertThat(kids(b)).containsExactly(rotation.keyId(), old);
        assertThat(verifies(before, jwks(a))).isTrue();
        assertThat(verifies(before, jwks(b))).isTrue();
    }

    @Test
    void givenInstancesWithdrawingTogether_thenOneKeyIsLeft_andEveryInstanceSignsWithItAfterItsWatch() throws Exception {
        List<SigningKeys> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(instance());
        }
        String leaked = instances.get(0).currentKeyId();

        List<SigningKeys.Rotation> rotations = AllAtOnce.run(instances, instance -> instance.rotate(true));

        List<String> stored = database.jdbc().sql("SELECT kid FROM signing_key").query(String.class).list();
        assertThat(stored).as("one key left").hasSize(1);
        assertThat(rotations).as("the leaked key withdrawn by the first to take the lock")
                .filteredOn(r -> r.withdrawnKeyIds().contains(leaked)).hasSize(1);
        for (SigningKeys instance : instances) {
            instance.reloadIfChanged();
            assertThat(sign(instance).getHeader().getKeyID()).isEqualTo(stored.get(0));
            assertThat(kids(instance)).containsExactly(stored.get(0));
        }
    }

    @Test
    void givenAWatchIntervalLongerThanTheCheckInterval_thenTheServiceRefusesTheSettings() {
        assertThatThrownBy(() -> properties(Map.of("tsunagu.keys.watch-interval", "PT2M")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("watch-interval must be positive and no longer than tsunagu.keys.check-interval");
        assertThatThrownBy(() -> properties(Map.of("tsunagu.keys.watch-interval", "PT0S")))
                .isInstanceOf(BindException.class);
    }

    private static List<String> kids(SigningKeys instance) throws Exception {
        return jwks(instance).getKeys().stream().map(JWK::getKeyID).toList();
    }
}
