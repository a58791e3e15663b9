package org.tsunagu.id.token;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Decodes access tokens this issuer minted for its own APIs ({@code urn:tsunagu:id-service}),
 * checked against its own keys without an HTTP call to itself. Deliberately not a
 * {@code JwtDecoder} bean: the authorization server's userinfo endpoint must keep accepting
 * tokens of other audiences.
 */
public final class OwnAccessTokens {

    private OwnAccessTokens() {
    }

    public static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys, String issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(TokenAudiences.ID_SERVICE)));
        return decoder;
    }
}
