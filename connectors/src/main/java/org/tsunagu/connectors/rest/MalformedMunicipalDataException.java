package org.tsunagu.connectors.rest;

/** A municipal document that parsed but lacks what the canonical model requires. */
class MalformedMunicipalDataException extends RuntimeException {

    MalformedMunicipalDataException(String message) {
        super(message);
    }

    MalformedMunicipalDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
