package org.tsunagu.id.app;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.tsunagu.api.id.model.DataCategory;
import org.tsunagu.api.id.model.Purpose;

/** The public directory of registered apps. */
@Repository
public class AppDirectory {

    private static final RowMapper<AppEntry> ROW = (rs, n) -> new AppEntry(
            rs.getString("client_id"), rs.getString("name"), rs.getString("name_en"),
            rs.getString("operator"), rs.getString("municipality"),
            split(rs.getString("categories"), DataCategory::fromValue),
            split(rs.getString("purposes"), Purpose::fromValue), rs.getString("webhook_url"));

    private final JdbcTemplate jdbc;

    public AppDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The approved apps: the public directory. */
    public List<AppEntry> all() {
        return jdbc.query("SELECT * FROM app_directory WHERE status = 'APPROVED' ORDER BY client_id", ROW);
    }

    /** An approved app. */
    public Optional<AppEntry> find(String clientId) {
        return jdbc.query("SELECT * FROM app_directory WHERE client_id = ? AND status = 'APPROVED'", ROW, clientId)
                .stream().findFirst();
    }

    /** An app's registration status ({@code PENDING}, {@code APPROVED}), empty when it is not in the directory. */
    public Optional<String> status(String clientId) {
        return jdbc.queryForList("SELECT status FROM app_directory WHERE client_id = ?", String.class, clientId)
                .stream().findFirst();
    }

    /** Every registration, approved or not, for operators: client id, name, status, client type. */
    public List<String[]> registrations() {
        return jdbc.query("SELECT client_id, name, status, client_type FROM app_directory ORDER BY client_id",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
    }

    /** Adds an app registered by an operator: pending until approved. */
    public void addPending(AppEntry app, String clientType) {
        add(app);
        jdbc.update("UPDATE app_directory SET status = 'PENDING', client_type = ? WHERE client_id = ?",
                clientType, app.clientId());
    }

    /** @return whether the app exists (and is now approved) */
    public boolean approve(String clientId) {
        return jdbc.update("UPDATE app_directory SET status = 'APPROVED' WHERE client_id = ?", clientId) == 1;
    }

    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM app_directory", Integer.class);
        return count == null || count == 0;
    }

    public void add(AppEntry app) {
        jdbc.update("""
                INSERT INTO app_directory (client_id, name, name_en, operator, municipality, categories, purposes,
                                           webhook_url)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                app.clientId(), app.name(), app.nameEn(), app.operator(), app.municipality(),
                app.categories().stream().map(DataCategory::getValue).collect(Collectors.joining(",")),
                app.purposes().stream().map(Purpose::getValue).collect(Collectors.joining(",")), app.webhookUrl());
    }

    private static <T> List<T> split(String joined, Function<String, T> parse) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(",")).map(String::trim).map(parse).toList();
    }
}
