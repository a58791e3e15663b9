package org.tsunagu.audit.records;

import java.util.List;
import java.util.function.Function;

import org.tsunagu.audit.chain.ChainEntry;

/** Writes entries as RFC 4180 CSV with a header row; cells that a spreadsheet would run as formulas are quoted inert. */
public final class Csv {

    private Csv() {
    }

    /** One column: its header and how to get its value from an entry. */
    public record Column(String header, Function<ChainEntry, Object> value) {
    }

    public static String write(List<Column> columns, List<ChainEntry> entries) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", columns.stream().map(Column::header).toList())).append("\r\n");
        for (ChainEntry e : entries) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(columns.get(i).value().apply(e)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text; // CSV injection: keep it text in spreadsheets
        }
        if (text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
