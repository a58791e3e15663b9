package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

/**
 * Key pre-publication (ADR 0052): the next signing key is in every instance's JWKS before any
 * instance signs with it. Instances share one database (the distributed profile, ADR 0050) and
 * one controllable clock; each reloads its keys only at its own rotation check, as on the
 * schedule. A short rotation period keeps the simulated schedule short; the ratios are those of
 * the defaults (publish-ahead over the check interval, retention over the publish-ahead period).
 */
class KeyPrePublicationTest extends KeyInstancesOnOneDatabase {

    /** How long Spring's and Nimbus's JWKS sources keep a fetched JWKS by default. */
    private static final Duration VERIFIER_CACHE = Duration.ofMinutes(5);

    @Test
    void givenTwoInstances_whenTheScheduleRotatesTwice_thenEveryTokenEitherSignsVerifiesAgainstTheOthersJwks()
            throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        Instant start = clock.instant();
        Map<Instant, JWKSet> servedByA = new HashMap<>();
        Map<Instant, JWKSet> servedByB = new HashMap<>();
        Set<String> kidsSignedByA = new LinkedHashSet<>();

        // A checks on the minute, B half a minute later: B reloads half a minute after every change A makes
        for (Instant at = start; at.isBefore(start.plus(PERIOD.multipliedBy(5).dividedBy(2))); at = at.plusSeconds(30)) {
            clock.set(at);
            boolean aChecks = Duration.between(start, at).toSeconds() % 60 == 0;
            (aChecks ? a : b).rotateWhenDue();
            servedByA.put(at, jwks(a));
            servedByB.put(at, jwks(b));
            // a verifier's JWKS cache: fetched from the other instance up to 5 minutes ago (not before the start)
            Instant cachedAt = at.minus(VERIFIER_CACHE).isBefore(start) ? start : at.minus(VERIFIER_CACHE);

            SignedJWT byA = sign(a);
            SignedJWT byB = sign(b);
            Duration elapsed = Duration.between(start, at);
            String kidA = byA.getHeader().getKeyID();
            String kidB = byB.getHeader().getKeyID();
            assertThat(verifies(byA, servedByB.get(at))).as("A's token (kid %s) against B's JWKS at %s", kidA, elapsed).isTrue();
            assertThat(verifies(byB, servedByA.get(at))).as("B's token (kid %s) against A's JWKS at %s", kidB, elapsed).isTrue();
            assertThat(verifies(byA, servedByB.get(cachedAt))).as("A's token (kid %s) against B's JWKS cached %s before %s",
                    kidA, VERIFIER_CACHE, elapsed).isTrue();
            assertThat(verifies(byB, servedByA.get(cachedAt))).as("B's token (kid %s) against A's JWKS cached %s before %s",
                    kidB, VERIFIER_CACHE, elapsed).isTrue();
            kidsSignedByA.add(kidA);
        }
        assertThat(kidsSignedByA).as("keys A signed with: the first and two rotations").hasSize(3);
    }

    @Test
    void givenTheNextKeyPublished_thenItIsInJwksButSignsOnlyOnceThePublishAheadPeriodHasPassed() throws Exception {
        SigningKeys instance = instance();
        String first = instance.currentKeyId();
        Instant publishing = clock.instant().plus(PERIOD).minus(PUBLISH_AHEAD);

        checkAt(instance, publishing.minus(CHECK_INTERVAL));
        assertThat(jwks(instance).getKeys()).as("before the publish-ahead period").extracting(JWK::getKeyID)
                .containsExactly(first);

        checkAt(instance, publishing);
        List<String> published = jwks(instance).getKeys().stream().map(JWK::getKeyID).toList();
        assertThat(published).as("the next key is published").hasSize(2).startsWith(first);
        String next = published.get(1);
        for (Instant at = publishing; at.isBefore(publishing.plus(PUBLISH_AHEAD)); at = at.plus(CHECK_INTERVAL)) {
            checkAt(instance, at);
            assertThat(sign(instance).getHeader().getKeyID()).as("signs with at %s", at).isEqualTo(first);
            assertThat(jwks(instance).getKeyByKeyId(next)).as("published at %s", at).isNotNull();
        }

        checkAt(instance, publishing.plus(PUBLISH_AHEAD));
        SignedJWT token = sign(instance);
        assertThat(token.getHeader().getKeyID()).as("the published key signs once published long enough").isEqualTo(next);
        assertThat(verifies(token, jwks(instance))).isTrue();
        assertThat(jwks(instance).getKeyByKeyId(first)).as("the old key stays published").isNotNull();
    }

    @Test
    void givenARotatedKey_whenTheRetentionHasPassed_thenItLeavesJwksAndTheDatabase() throws Exception {
        SigningKeys instance = instance();
        String first = instance.currentKeyId();
        Instant switching = clock.instant().plus(PERIOD);
        checkAt(instance, switching.minus(PUBLISH_AHEAD));
        checkAt(instance, switching);
        assertThat(instance.currentKeyId()).isNotEqualTo(first);

        checkAt(instance, switching.plus(RETENTION).minus(CHECK_INTERVAL));
        assertThat(jwks(instance).getKeyByKeyId(first)).as("published until the retention has passed").isNotNull();

        checkAt(instance, switching.plus(RETENTION));
        assertThat(jwks(instance).getKeyByKeyId(first)).as("published after the retention").isNull();
        assertThat(database.jdbc().sql("SELECT count(*) FROM signing_key WHERE kid = ?").param(first)
                .query(Integer.class).single()).as("stored after the retention").isZero();
    }

    @Test
    void givenTheNextKeyPublished_whenRotatedNow_thenAFreshKeySignsAtOnce_andTheNextKeyNeverSigns() throws Exception {
        SigningKeys a = instance();
        SigningKeys b = instance();
        String first = a.currentKeyId();
        Instant publishing = clock.instant().plus(PERIOD).minus(PUBLISH_AHEAD);
        checkAt(a, publishing);
        checkAt(b, publishing.plusSeconds(30));
        String next = jwks(b).getKeys().get(1).getKeyID();

        String fresh = a.rotateNow();

        assertThat(fresh).isNotIn(first, next);
        assertThat(sign(a).getHeader().getKeyID()).as("signs at once, before any publish-ahead period").isEqualTo(fresh);
        assertThat(jwks(a).getKeys()).extracting(JWK::getKeyID).as("fresh, then the old key; the next key is gone")
                .containsExactly(fresh, first);

        checkAt(b, publishing.plus(CHECK_INTERVAL));
        assertThat(sign(b).getHeader().getKeyID()).as("the other instance after its next check").isEqualTo(fresh);
        checkAt(a, publishing.plus(PUBLISH_AHEAD));
        checkAt(b, publishing.plus(PUBLISH_AHEAD).plusSeconds(30));
        assertThat(List.of(sign(a).getHeader().getKeyID(), sign(b).getHeader().getKeyID()))
                .as("after the discarded key's publish-ahead period").containsOnly(fresh);
    }

    @Test
    void givenAPublishAheadPeriodNoLongerThanTheCheckInterval_thenTheServiceRefusesTheSettings() {
        assertThatThrownBy(() -> properties(Map.of("tsunagu.keys.publish-ahead", "PT1M", "tsunagu.keys.check-interval", "PT1M")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("publish-ahead must be longer than tsunagu.keys.check-interval");
        assertThatThrownBy(() -> properties(Map.of("tsunagu.keys.publish-ahead", "P30D")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("publish-ahead must be shorter than tsunagu.keys.rotation-period");
    }
}
