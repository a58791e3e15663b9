package org.tsunagu.gateway.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.gateway.SharedDatabase;

/** Known pairs in one database that two gateway instances share (H2 here; see {@link SharedDatabase}). */
class JdbcKnownSubjectsAcrossInstancesTest {

    private final SharedDatabase db = new SharedDatabase();
    private final JdbcClient jdbcOfA = JdbcClient.create(db.instance());
    private final JdbcKnownSubjects a = new JdbcKnownSubjects(jdbcOfA);
    private final JdbcKnownSubjects b = new JdbcKnownSubjects(JdbcClient.create(db.instance()));

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void givenAPairRememberedByOneInstance_whenTheOtherLooksItUp_thenFound_andRememberingItThereAgainKeepsOneRow() {
        String resident = "RID-" + UUID.randomUUID();
        a.remember("aizu-vaccine-notebook", resident, "sub-1");

        assertThat(b.subFor("aizu-vaccine-notebook", resident)).contains("sub-1");
        assertThat(b.subFor("other-app", resident)).isEmpty();

        new JdbcKnownSubjects(JdbcClient.create(db.instance())).remember("aizu-vaccine-notebook", resident, "sub-1");
        assertThat(jdbcOfA.sql("select count(*) from known_subject where resident_id = ?").param(resident)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void givenAStoredPair_whenRememberedWithAnotherSub_thenTheStoredSubIsReplaced() {
        String resident = "RID-" + UUID.randomUUID();
        a.remember("aizu-vaccine-notebook", resident, "sub-old");

        b.remember("aizu-vaccine-notebook", resident, "sub-new");

        assertThat(new JdbcKnownSubjects(JdbcClient.create(db.instance())).subFor("aizu-vaccine-notebook", resident))
                .contains("sub-new");
    }
}
