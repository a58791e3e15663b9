package org.tsunagu.gateway.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The checks every request's headers go through, with Spring Security's rules but without a regular
 * expression per header (ADR 0051). Spring's {@link StrictHttpFirewall} matches each header name and
 * value against {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (values may also hold a tab), and its
 * {@code DefaultBearerTokenResolver} matches the Authorization header against a case-insensitive
 * {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$}: on a read with a 1 kB token those two regexes were
 * close to half of the gateway's CPU. The loops below accept and refuse exactly the same strings
 * ({@code HeaderChecksTest} compares them with Spring's patterns over every code point and random
 * headers).
 */
public final class HeaderChecks {

    private HeaderChecks() {
    }

    /** Spring's strict firewall (paths, methods, hosts as by default), with the header and parameter-name rules as loops. */
    public static HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderChecks::isAllowedName);
        firewall.setAllowedHeaderValues(HeaderChecks::isAllowedHeaderValue);
        firewall.setAllowedParameterNames(HeaderChecks::isAllowedName);
        return firewall;
    }

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: header and parameter names. */
    static boolean isAllowedName(String s) {
        return assignedAndNotControl(s, false);
    }

    /** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}: header values. */
    static boolean isAllowedHeaderValue(String s) {
        return assignedAndNotControl(s, true);
    }

    private static boolean assignedAndNotControl(String s, boolean tab) {
        for (int i = 0, n = s.length(); i < n;) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) { // printable ASCII: nearly every header, one comparison a character
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && cp == '\t'))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * The bearer token of the Authorization header, as Spring's default resolver reads it (tokens in
     * the query or a form body are not accepted): no header or another scheme gives none; "Bearer"
     * (any case), one space, then {@code b64token} (RFC 6750 §2.1) gives the token; anything else
     * after "bearer" is {@code invalid_token}.
     */
    public static final class BearerTokens implements BearerTokenResolver {

        private static final int PREFIX = "Bearer ".length();

        @Override
        public String resolve(HttpServletRequest request) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "bearer", 0, PREFIX - 1)) {
                return null;
            }
            int n = header.length();
            int i = PREFIX;
            if (n <= PREFIX || header.charAt(PREFIX - 1) != ' ') {
                throw malformed();
            }
            while (i < n && isToken68(header.charAt(i))) {
                i++;
            }
            if (i == PREFIX) {
                throw malformed();
            }
            while (i < n && header.charAt(i) == '=') {
                i++;
            }
            if (i != n) {
                throw malformed();
            }
            return header.substring(PREFIX);
        }

        private static boolean isToken68(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }

        private static OAuth2AuthenticationException malformed() {
            return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
    }
}
