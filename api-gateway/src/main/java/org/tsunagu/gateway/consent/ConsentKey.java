package org.tsunagu.gateway.consent;

/** What a consent item is about: one resident, one app, one category, one purpose. */
public record ConsentKey(String residentId, String appId, String category, String purpose) {
}
