package org.tsunagu.id.authserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.tsunagu.id.consent.ConsentNotRecordedException;
import org.tsunagu.id.consent.ConsentPage;

/**
 * The authorization endpoint's redirects back to the client, with {@code iss} added to every
 * one of them, success or error (RFC 9207: lets a client that talks to several issuers detect a
 * mix-up). Otherwise the same as Spring Authorization Server's defaults: an error without a
 * validated redirect URI is a plain 400, never a redirect.
 */
final class IssuerInAuthorizationResponses {

    private final String issuer;
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    IssuerInAuthorizationResponses(String issuer) {
        this.issuer = issuer;
    }

    AuthenticationSuccessHandler success() {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            var code = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(code.getRedirectUri())
                    .queryParam("code", code.getAuthorizationCode().getTokenValue());
            addStateAndIssuer(uri, code.getState());
            redirects.sendRedirect(request, response, uri.build(true).toUriString());
        };
    }

    AuthenticationFailureHandler failure() {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (exception instanceof ConsentNotRecordedException) {
                redirects.sendRedirect(request, response, ConsentPage.UNAVAILABLE_PATH);
                return;
            }
            OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                    : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
            OAuth2AuthorizationCodeRequestAuthenticationToken token =
                    exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e
                            ? e.getAuthorizationCodeRequestAuthentication() : null;
            if (token == null || !StringUtils.hasText(token.getRedirectUri())) {
                sendBadRequest(response, error);
                return;
            }
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(token.getRedirectUri())
                    .queryParam("error", encode(error.getErrorCode()));
            if (StringUtils.hasText(error.getDescription())) {
                uri.queryParam("error_description", encode(error.getDescription()));
            }
            if (StringUtils.hasText(error.getUri())) {
                uri.queryParam("error_uri", encode(error.getUri()));
            }
            addStateAndIssuer(uri, token.getState());
            redirects.sendRedirect(request, response, uri.build(true).toUriString());
        };
    }

    private void addStateAndIssuer(UriComponentsBuilder uri, String state) {
        if (StringUtils.hasText(state)) {
            uri.queryParam("state", encode(state));
        }
        uri.queryParam("iss", encode(issuer));
    }

    private static void sendBadRequest(HttpServletResponse response, OAuth2Error error) throws IOException {
        response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
