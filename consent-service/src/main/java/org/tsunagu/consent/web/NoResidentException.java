package org.tsunagu.consent.web;

/** The token was valid but names no resident ({@code sub} missing or blank). */
class NoResidentException extends RuntimeException {

    NoResidentException() {
        super("The access token names no resident.");
    }
}
