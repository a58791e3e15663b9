package org.tsunagu.id.resident;

/**
 * A resident known to the regional ID.
 *
 * @param residentId   the regional resident id (e.g. {@code RID-0001}); never shown to third-party apps
 * @param loginId      what the resident types to log in
 * @param passwordHash the password, encoded by the delegating password encoder
 */
public record Resident(String residentId, String loginId, String passwordHash,
                       String familyName, String givenName, String municipality) {
}
