package org.tsunagu.gateway.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/** The request's correlation id: accepted from the caller when well formed, else created. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    static final String ATTRIBUTE = CorrelationId.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private CorrelationId() {
    }

    /** The given id when it is at most 64 characters of {@code [A-Za-z0-9._-]}, else a new UUID. */
    public static String acceptOrCreate(String given) {
        if (given != null && ACCEPTED.matcher(given).matches()) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    /** The id {@link CorrelationIdFilter} chose for this request, or null outside one. */
    public static String of(HttpServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof String s ? s : null;
    }
}
