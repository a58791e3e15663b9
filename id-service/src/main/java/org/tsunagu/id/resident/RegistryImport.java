package org.tsunagu.id.resident;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports residents from a resident registry CSV export: creates verified accounts for new
 * resident ids, verifies (and updates) existing ones, records their municipal keys. Every row is
 * checked first; with any bad row nothing is written unless the caller asked for the good rows
 * only. All writes happen in one transaction.
 */
@Service
public class RegistryImport {

    static final List<String> REQUIRED = List.of("resident_id", "login_id", "family_name", "given_name", "municipality");
    private static final Pattern RESIDENT_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern LOGIN_ID = Pattern.compile("[a-z0-9._-]{3,64}");
    private static final Pattern KEY_COLUMN = Pattern.compile("([a-z][a-z0-9-]{0,31})_key");
    private static final Pattern MUNICIPALITY = Pattern.compile("[a-z0-9-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Residents residents;

    RegistryImport(JdbcTemplate jdbc, Residents residents) {
        this.jdbc = jdbc;
        this.residents = residents;
    }

    /** A bad row: its line number in the file (header = 1) and why. */
    public record RowError(int line, String reason) {
    }

    /** What an import did; {@code imported} is false when bad rows stopped it. */
    public record Outcome(boolean imported, int created, int verified, List<RowError> errors) {
    }

    private record Row(int line, Map<String, String> values, Map<String, String> keys) {
    }

    @Transactional
    public Outcome importCsv(String csv, boolean goodRowsOnly) {
        List<RowError> errors = new ArrayList<>();
        List<Row> good = parse(csv == null ? "" : csv, errors);
        if (!errors.isEmpty() && (!goodRowsOnly || good.isEmpty())) {
            return new Outcome(false, 0, 0, errors);
        }
        int created = 0;
        int verified = 0;
        for (Row row : good) {
            Map<String, String> v = row.values();
            String residentId = v.get("resident_id");
            if (residents.findByResidentId(residentId).isPresent()) {
                jdbc.update("""
                        UPDATE resident SET family_name = ?, given_name = ?, municipality = ?, verified = TRUE
                        WHERE resident_id = ?""", v.get("family_name"), v.get("given_name"), v.get("municipality"), residentId);
                verified++;
            } else {
                residents.add(new Resident(residentId, v.get("login_id"), unusablePassword(),
                        v.get("family_name"), v.get("given_name"), v.get("municipality")));
                created++;
            }
            row.keys().forEach((system, key) -> {
                jdbc.update("DELETE FROM resident_municipal_key WHERE resident_id = ? AND system_name = ?", residentId, system);
                jdbc.update("INSERT INTO resident_municipal_key (resident_id, system_name, municipal_key) VALUES (?, ?, ?)",
                        residentId, system, key);
            });
        }
        return new Outcome(true, created, verified, errors);
    }

    private List<Row> parse(String csv, List<RowError> errors) {
        String[] lines = csv.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> header = lines.length == 0 ? List.of() : fields(stripBom(lines[0]));
        if (header == null || !header.containsAll(REQUIRED)) {
            errors.add(new RowError(1, "The header must name the columns " + String.join(", ", REQUIRED) + "."));
            return List.of();
        }
        for (String column : header) {
            if (!REQUIRED.contains(column) && !KEY_COLUMN.matcher(column).matches()) {
                errors.add(new RowError(1, "Unknown column \"" + column + "\" (municipal keys are named <system>_key)."));
                return List.of();
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> residentIds = new HashSet<>();
        Set<String> loginIds = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> fields = fields(lines[i]);
            if (fields == null) {
                errors.add(new RowError(line, "Unbalanced quotes."));
                continue;
            }
            if (fields.size() != header.size()) {
                errors.add(new RowError(line, "Expected " + header.size() + " fields, found " + fields.size() + "."));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> keys = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String value = fields.get(c).strip();
                var key = KEY_COLUMN.matcher(header.get(c));
                if (key.matches()) {
                    if (!value.isEmpty()) {
                        keys.put(key.group(1), value);
                    }
                } else {
                    values.put(header.get(c), value);
                }
            }
            String reason = check(values, keys, residentIds, loginIds);
            if (reason != null) {
                errors.add(new RowError(line, reason));
                continue;
            }
            residentIds.add(values.get("resident_id"));
            loginIds.add(values.get("login_id"));
            rows.add(new Row(line, values, keys));
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add(new RowError(1, "The file has no resident rows."));
        }
        return rows;
    }

    private String check(Map<String, String> v, Map<String, String> keys, Set<String> residentIds, Set<String> loginIds) {
        for (String column : REQUIRED) {
            if (v.get(column).isEmpty()) {
                return column + " is empty.";
            }
        }
        String residentId = v.get("resident_id");
        String loginId = v.get("login_id");
        if (!RESIDENT_ID.matcher(residentId).matches()) {
            return "resident_id must be 1-32 letters, digits or hyphens.";
        }
        if (!LOGIN_ID.matcher(loginId).matches()) {
            return "login_id must be 3-64 lower-case letters, digits, '.', '_' or '-'.";
        }
        if (!MUNICIPALITY.matcher(v.get("municipality")).matches()) {
            return "municipality must be a municipality code such as aizuwakamatsu.";
        }
        if (v.get("family_name").length() > 100 || v.get("given_name").length() > 100) {
            return "A name is longer than 100 characters.";
        }
        for (String key : keys.values()) {
            if (key.length() > 64) {
                return "A municipal key is longer than 64 characters.";
            }
        }
        if (residentIds.contains(residentId) || loginIds.contains(loginId)) {
            return "resident_id or login_id appears twice in the file.";
        }
        var existing = residents.findByResidentId(residentId);
        if (existing.isPresent() && !existing.get().loginId().equals(loginId)) {
            return "resident_id " + residentId + " already has a different login_id.";
        }
        var holder = residents.findByLoginId(loginId);
        if (holder.isPresent() && !holder.get().residentId().equals(residentId)) {
            return "login_id " + loginId + " already belongs to another resident.";
        }
        return null;
    }

    /** One CSV line (RFC 4180 quoting, no line breaks inside fields); null when quotes do not balance. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** A {@code {sha256}} digest no input is known to match: the account has no password until one is set up. */
    private static String unusablePassword() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "{sha256}" + HexFormat.of().formatHex(random);
    }
}
