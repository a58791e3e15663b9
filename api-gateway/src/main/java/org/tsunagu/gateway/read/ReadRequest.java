package org.tsunagu.gateway.read;

/**
 * One app's request to read one category about one resident, as received.
 *
 * @param clientId the app, from the token's {@code client_id}
 * @param sub the app's pairwise subject id for the resident
 * @param category the raw category path value
 * @param purposeHeader the raw {@code Tsunagu-Purpose} header, or null
 */
public record ReadRequest(String clientId, String sub, String category, String purposeHeader, String correlationId) {
}
