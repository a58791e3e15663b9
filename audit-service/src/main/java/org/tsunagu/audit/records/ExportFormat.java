package org.tsunagu.audit.records;

import org.springframework.http.MediaType;

/** The download formats of the export endpoints. */
public enum ExportFormat {
    CSV(MediaType.parseMediaType("text/csv;charset=UTF-8"), "csv"),
    JSON(MediaType.APPLICATION_JSON, "json");

    private final MediaType mediaType;
    private final String extension;

    ExportFormat(MediaType mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public String attachment(String baseName) {
        return "attachment; filename=\"" + baseName + "." + extension + "\"";
    }

    /** The format named by the {@code format} parameter; a bad value is a 400. */
    public static ExportFormat of(String name) {
        if ("csv".equals(name)) {
            return CSV;
        }
        if (name == null || "json".equals(name)) {
            return JSON;
        }
        throw new BadParameterException("format must be csv or json.");
    }
}
