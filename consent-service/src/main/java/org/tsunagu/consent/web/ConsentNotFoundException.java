package org.tsunagu.consent.web;

/** The calling resident has no item with this id (whether or not someone else has one). */
class ConsentNotFoundException extends RuntimeException {

    ConsentNotFoundException() {
        super("No such consent item.");
    }
}
