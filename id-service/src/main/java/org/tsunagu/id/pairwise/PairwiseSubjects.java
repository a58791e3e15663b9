package org.tsunagu.id.pairwise;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Issues apps' pairwise subject ids and resolves them back to residents. */
@Service
public class PairwiseSubjects {

    private final JdbcTemplate jdbc;
    private final PairwiseSubjectCalculator calculator;

    PairwiseSubjects(JdbcTemplate jdbc, PairwiseSecretStore secrets) {
        this.jdbc = jdbc;
        this.calculator = new PairwiseSubjectCalculator(secrets.secret());
    }

    /** The app's sub for the resident, recorded on first issue so it can be resolved later. */
    public String issue(String clientId, String residentId) {
        String sub = calculator.subFor(clientId, residentId);
        if (resolve(clientId, sub).isEmpty()) {
            try {
                jdbc.update("INSERT INTO pairwise_subject (client_id, sub, resident_id) VALUES (?, ?, ?)",
                        clientId, sub, residentId);
            } catch (DuplicateKeyException alreadyRecordedConcurrently) {
                // another token request for the same pair won the race: same row, nothing to do
            }
        }
        return sub;
    }

    /** The resident an app's sub stands for, if the hub issued that sub to that app. */
    public Optional<String> resolve(String clientId, String sub) {
        List<String> found = jdbc.queryForList(
                "SELECT resident_id FROM pairwise_subject WHERE client_id = ? AND sub = ?", String.class, clientId, sub);
        return found.stream().findFirst();
    }
}
