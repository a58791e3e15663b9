package org.tsunagu.audit.records;

/** A query parameter the contract's types let through but the service cannot take (answered with a 400 problem). */
public class BadParameterException extends RuntimeException {

    public BadParameterException(String detail) {
        super(detail);
    }
}
