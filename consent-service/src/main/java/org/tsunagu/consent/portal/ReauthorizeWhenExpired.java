package org.tsunagu.consent.portal;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * The portal is a public client without refresh tokens: when the resident's access token has
 * expired (or is about to), it asks for a new authorization instead of sending a dead token.
 * The {@link ClientAuthorizationRequiredException} makes Spring Security redirect to the regional
 * ID's authorization endpoint; its session makes that silent, and the resident lands back on the page.
 */
final class ReauthorizeWhenExpired implements OAuth2AuthorizedClientProvider {

    private final Clock clock;
    private final Duration skew;

    ReauthorizeWhenExpired(Clock clock, Duration skew) {
        this.clock = clock;
        this.skew = skew;
    }

    @Override
    public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
        OAuth2AuthorizedClient client = context.getAuthorizedClient();
        if (client == null || !AuthorizationGrantType.AUTHORIZATION_CODE.equals(
                context.getClientRegistration().getAuthorizationGrantType())
                || client.getRefreshToken() != null) {
            return null; // nothing to re-authorize here, or a refresh token can do it
        }
        if (expired(client.getAccessToken())) {
            throw new ClientAuthorizationRequiredException(context.getClientRegistration().getRegistrationId());
        }
        return null;
    }

    private boolean expired(OAuth2AccessToken token) {
        return token.getExpiresAt() != null && !clock.instant().plus(skew).isBefore(token.getExpiresAt());
    }
}
