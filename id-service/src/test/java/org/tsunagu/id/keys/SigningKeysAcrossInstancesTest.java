package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tsunagu.id.AllAtOnce;
import org.tsunagu.id.SharedDatabase;
import org.tsunagu.id.keys.SigningKeyStore.Step;

/**
 * Several id-service instances on one database (the distributed profile, ADR 0050), each with its
 * own connection pool and {@link SigningKeyStore}: starting together on an empty database, or
 * finding the next key due for publication or for signing at the same moment, they still end up
 * with one current key (and at most one published ahead), and every instance signs with it.
 */
class SigningKeysAcrossInstancesTest {

    private static final int INSTANCES = 4;
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);

    private SharedDatabase database;
    private final List<SigningKeyStore> instances = new ArrayList<>();

    @BeforeEach
    void instancesOnAnEmptyDatabase() {
        database = new SharedDatabase();
        database.jdbc().sql("DELETE FROM signing_key").update();
        for (int i = 0; i < INSTANCES; i++) {
            DataSource pool = database.instance();
            instances.add(new SigningKeyStore(new JdbcTemplate(pool), SharedDatabase.transactions(pool)));
        }
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void givenAnEmptyDatabase_whenInstancesStartTogether_thenTheyAllSignWithTheOneKeyStored() throws Exception {
        List<List<RSAKey>> published = AllAtOnce.run(instances, store -> store.publishedKeys(Instant.now()));

        RSAKey first = published.get(0).get(0);
        assertThat(published).as("every instance loads the same single key")
                .allSatisfy(keys -> assertThat(keys).extracting(RSAKey::getKeyID).containsExactly(first.getKeyID()));
        assertThat(signingKids()).containsExactly(first.getKeyID());
    }

    @Test
    void givenADueKey_whenInstancesFindItDueTogether_thenOnePublishesTheNextKey_andLaterOneSwitchesToIt()
            throws Exception {
        RSAKey old = instances.get(0).currentKey();
        Instant publishing = instances.get(0).currentKeySince().plus(PERIOD).minus(PUBLISH_AHEAD);

        List<Step> published = AllAtOnce.run(instances,
                store -> store.rotateWhenDue(publishing, PERIOD, PUBLISH_AHEAD, RETENTION));

        assertThat(published).as("what each instance did").containsOnlyOnce(Step.PUBLISHED_NEXT).containsOnly(Step.PUBLISHED_NEXT, Step.NONE);
        List<String> next = database.jdbc().sql("SELECT kid FROM signing_key WHERE signing_since IS NULL")
                .query(String.class).list();
        assertThat(next).hasSize(1);
        assertThat(signingKids()).containsExactly(old.getKeyID());

        Instant switching = publishing.plus(PUBLISH_AHEAD);
        List<Step> switched = AllAtOnce.run(instances,
                store -> store.rotateWhenDue(switching, PERIOD, PUBLISH_AHEAD, RETENTION));

        assertThat(switched).as("what each instance did").containsOnlyOnce(Step.NEXT_SIGNS).containsOnly(Step.NEXT_SIGNS, Step.NONE);
        assertThat(signingKids()).containsExactly(next.get(0));
        assertThat(instances).allSatisfy(store -> assertThat(store.publishedKeys(switching))
                .extracting(RSAKey::getKeyID).containsExactly(next.get(0), old.getKeyID()));
    }

    private List<String> signingKids() {
        return database.jdbc().sql("SELECT kid FROM signing_key WHERE rotated_at IS NULL AND signing_since IS NOT NULL")
                .query(String.class).list();
    }
}
