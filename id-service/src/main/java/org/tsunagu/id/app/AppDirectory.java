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
            split(rs.getString("purposes"), Purpose::fromValue));

    private final JdbcTemplate jdbc;

    public AppDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<AppEntry> all() {
        return jdbc.query("SELECT * FROM app_directory ORDER BY client_id", ROW);
    }

    public Optional<AppEntry> find(String clientId) {
        return jdbc.query("SELECT * FROM app_directory WHERE client_id = ?", ROW, clientId).stream().findFirst();
    }

    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM app_directory", Integer.class);
        return count == null || count == 0;
    }

    public void add(AppEntry app) {
        jdbc.update("""
                INSERT INTO app_directory (client_id, name, name_en, operator, municipality, categories, purposes)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                app.clientId(), app.name(), app.nameEn(), app.operator(), app.municipality(),
                app.categories().stream().map(DataCategory::getValue).collect(Collectors.joining(",")),
                app.purposes().stream().map(Purpose::getValue).collect(Collectors.joining(",")));
    }

    private static <T> List<T> split(String joined, Function<String, T> parse) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(",")).map(String::trim).map(parse).toList();
    }
}
