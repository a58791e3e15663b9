package org.tsunagu.connectors.rest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Checks on municipal fields the canonical model requires. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new MalformedMunicipalDataException("missing " + field);
        }
        return value;
    }

    static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(present(value, field));
        } catch (DateTimeParseException e) {
            throw new MalformedMunicipalDataException("bad date in " + field, e);
        }
    }
}
