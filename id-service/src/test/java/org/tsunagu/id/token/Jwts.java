package org.tsunagu.id.token;

import java.text.ParseException;

import com.nimbusds.jwt.SignedJWT;

/** Test helper: reads a JWT without verifying it (verification is tested through JWKS). */
final class Jwts {

    private Jwts() {
    }

    static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
