package org.tsunagu.id.operator;

/**
 * A municipal operator (staff member) who runs the hub: registers apps, imports residents.
 *
 * @param operatorId   the operator id, e.g. {@code OP-0001}; the {@code sub} of operator tokens
 * @param loginId      what the operator types on the shared login page
 * @param passwordHash the password, encoded by the delegating password encoder
 */
public record Operator(String operatorId, String loginId, String passwordHash, String name, String municipality) {
}
