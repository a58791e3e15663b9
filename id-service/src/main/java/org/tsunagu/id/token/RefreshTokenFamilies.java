package org.tsunagu.id.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Refresh token reuse detection (OAuth 2.0 Security BCP, RFC 9700 §4.14.2). Refresh tokens are
 * rotated on every use (clients are registered with {@code reuseRefreshTokens=false}); this
 * decorator remembers each replaced refresh token (as a SHA-256 hash) with its authorization,
 * the token family. When a replaced token comes back, someone holds a copy: the whole family is
 * revoked, so the thief's and the legitimate client's current tokens stop working together.
 */
public class RefreshTokenFamilies implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenFamilies.class);

    private final OAuth2AuthorizationService delegate;
    private final JdbcTemplate jdbc;

    public RefreshTokenFamilies(OAuth2AuthorizationService delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2RefreshToken> next = authorization.getRefreshToken();
        if (next != null) {
            OAuth2Authorization previous = delegate.findById(authorization.getId());
            OAuth2Authorization.Token<OAuth2RefreshToken> replaced = previous == null ? null : previous.getRefreshToken();
            if (replaced != null && !replaced.getToken().getTokenValue().equals(next.getToken().getTokenValue())) {
                String replacedHash = hash(replaced.getToken().getTokenValue());
                jdbc.update("""
                        INSERT INTO used_refresh_token (token_hash, authorization_id)
                        SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM used_refresh_token WHERE token_hash = ?)""",
                        replacedHash, authorization.getId(), replacedHash);
            }
        }
        delegate.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public @Nullable OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
        OAuth2Authorization found = delegate.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            revokeFamilyIfReused(token);
        }
        return found;
    }

    private void revokeFamilyIfReused(String token) {
        List<String> family = jdbc.queryForList(
                "SELECT authorization_id FROM used_refresh_token WHERE token_hash = ?", String.class, hash(token));
        for (String authorizationId : family) {
            OAuth2Authorization authorization = delegate.findById(authorizationId);
            if (authorization != null) {
                delegate.remove(authorization);
                log.warn("A used refresh token came back: revoked its whole token family (client {}, authorization {})",
                        authorization.getRegisteredClientId(), authorizationId);
            }
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
