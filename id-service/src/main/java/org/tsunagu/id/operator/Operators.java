package org.tsunagu.id.operator;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The operator accounts of the regional ID. */
@Repository
public class Operators {

    private static final RowMapper<Operator> ROW = (rs, n) -> new Operator(
            rs.getString("operator_id"), rs.getString("login_id"), rs.getString("password_hash"),
            rs.getString("name"), rs.getString("municipality"));

    private final JdbcTemplate jdbc;

    public Operators(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Operator> findByLoginId(String loginId) {
        return jdbc.query("SELECT * FROM operator WHERE login_id = ?", ROW, loginId).stream().findFirst();
    }

    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM operator", Integer.class);
        return count == null || count == 0;
    }

    public void add(Operator operator) {
        jdbc.update("""
                INSERT INTO operator (operator_id, login_id, password_hash, name, municipality)
                VALUES (?, ?, ?, ?, ?)""",
                operator.operatorId(), operator.loginId(), operator.passwordHash(), operator.name(),
                operator.municipality());
    }
}
