package org.tsunagu.connectors.link;

/** One regional resident id's key in one municipal system. */
record ResidentLink(String residentId, String system, String municipalKey) {
}
