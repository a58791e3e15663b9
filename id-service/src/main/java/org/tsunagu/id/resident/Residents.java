package org.tsunagu.id.resident;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The resident register of the regional ID. */
@Repository
public class Residents {

    private static final RowMapper<Resident> ROW = (rs, n) -> new Resident(
            rs.getString("resident_id"), rs.getString("login_id"), rs.getString("password_hash"),
            rs.getString("family_name"), rs.getString("given_name"), rs.getString("municipality"));

    private final JdbcTemplate jdbc;

    public Residents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Resident> findByLoginId(String loginId) {
        List<Resident> found = jdbc.query("SELECT * FROM resident WHERE login_id = ?", ROW, loginId);
        return found.stream().findFirst();
    }

    public Optional<Resident> findByResidentId(String residentId) {
        return jdbc.query("SELECT * FROM resident WHERE resident_id = ?", ROW, residentId).stream().findFirst();
    }

    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM resident", Integer.class);
        return count == null || count == 0;
    }

    /** Adds a self-signed-up resident: not yet verified against the resident registry. */
    public void addUnverified(Resident resident) {
        add(resident);
        jdbc.update("UPDATE resident SET verified = FALSE WHERE resident_id = ?", resident.residentId());
    }

    public boolean isVerified(String residentId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT verified FROM resident WHERE resident_id = ?", Boolean.class, residentId));
    }

    public void add(Resident resident) {
        jdbc.update("""
                INSERT INTO resident (resident_id, login_id, password_hash, family_name, given_name, municipality)
                VALUES (?, ?, ?, ?, ?, ?)""",
                resident.residentId(), resident.loginId(), resident.passwordHash(),
                resident.familyName(), resident.givenName(), resident.municipality());
    }
}
