package org.tsunagu.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The loops accept and refuse exactly what Spring Security's regular expressions do. */
class HeaderChecksTest {

    // StrictHttpFirewall's patterns (spring-security-web 7.1), for the exhaustive run over every code point
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsByTheFirewallPatterns() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "a" + new String(Character.toChars(cp)) + "b";
            assertThat(HeaderChecks.isAllowedName(s)).as("U+%04X in a name", cp).isEqualTo(NAME.matcher(s).matches());
            assertThat(HeaderChecks.isAllowedHeaderValue(s)).as("U+%04X in a value", cp)
                    .isEqualTo(VALUE.matcher(s).matches());
        }
    }

    @Test
    void randomHeadersWithLoneSurrogatesControlsAndUnassignedAreJudgedAsBySpringsFirewall() {
        SplittableRandom random = new SplittableRandom(42);
        char[] odd = {'\t', '\n', '\r', 0, 0x7f, 0x85, 0x9f, 0xa0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x0378, 0xfffe, 'あ'};
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(random.nextInt(4) == 0 ? odd[random.nextInt(odd.length)] : (char) (0x20 + random.nextInt(0x5f)));
            }
            String value = s.toString();
            boolean allowed = HeaderChecks.isAllowedHeaderValue(value);
            // against Spring's own firewall, not a copy of its patterns: a change upstream shows here
            assertThat(allowed).as("value %s", escape(value)).isEqualTo(springFirewallAllows("X-A", value));
            assertThat(HeaderChecks.isAllowedName("X" + value))
                    .as("name %s", escape(value)).isEqualTo(springFirewallAllows("X" + value, "v"));
            refused += allowed ? 0 : 1;
        }
        assertThat(refused).as("the sample holds refused headers too").isGreaterThan(10_000);
    }

    private static boolean springFirewallAllows(String name, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/categories");
        request.addHeader(name, value);
        try {
            new StrictHttpFirewall().getFirewalledRequest(request).getHeader(name);
            return true;
        } catch (RequestRejectedException e) {
            return false;
        }
    }

    @Test
    void theFirewallRefusesAControlCharacterInAHeaderValueAndAllowsATab() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/categories");
        request.addHeader("X-Note", "a\u0007b");
        request.addHeader("X-Tab", "a\tb");
        var firewalled = HeaderChecks.firewall().getFirewalledRequest(request);
        assertThat(firewalled.getHeader("X-Tab")).isEqualTo("a\tb");
        assertThatThrownBy(() -> firewalled.getHeader("X-Note")).isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void bearerTokensAreResolvedAsByTheDefaultResolver() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
        String[] headers = {null, "", "Basic dXNlcjpwYXNz", "Bearer " + jwt, "bearer " + jwt, "BEARER " + jwt,
                "bEaReR abc==", "Bearer abc=", "Bearer abc=d", "Bearer =abc", "Bearer", "Bearer ", "bearer",
                "Bearer  " + jwt, "Bearer\t" + jwt, "Bearer " + jwt + " ", "Bearer " + jwt + "\n", " Bearer " + jwt,
                "Bearerx " + jwt, "Bearer a b", "Bearer ~+/-._", "Bearer ä", "Bearer a,b", "Bearer a%3D",
                "Bearerabc", "Token abc", "Bearer a==\u0000"};
        for (String header : headers) {
            assertSameOutcome(header);
        }
    }

    @Test
    void randomAuthorizationHeadersAreResolvedAsByTheDefaultResolver() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "aZ09-._~+/= \t,;\"=äſKı\u212a\u0130\u0131";
        String[] prefixes = {"Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "beArer ", "Bearer=", "bearerX"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertSameOutcome(s.toString());
        }
        // the scheme itself, with every character in each of its six places
        for (int place = 0; place < 6; place++) {
            for (char c = 0; c < Character.MAX_VALUE; c++) {
                StringBuilder s = new StringBuilder("Bearer abc");
                s.setCharAt(place, c);
                assertSameOutcome(s.toString());
            }
        }
    }

    private static void assertSameOutcome(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/me/resident-basic");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        String expected;
        try {
            expected = new DefaultBearerTokenResolver().resolve(request);
        } catch (OAuth2AuthenticationException e) {
            assertThatThrownBy(() -> new HeaderChecks.BearerTokens().resolve(request)).as("header %s", escape(header))
                    .isInstanceOfSatisfying(OAuth2AuthenticationException.class, mine -> {
                        assertThat(mine.getError().getErrorCode()).isEqualTo(e.getError().getErrorCode());
                        assertThat(mine.getError().getDescription()).isEqualTo(e.getError().getDescription());
                    });
            return;
        }
        assertThat(new HeaderChecks.BearerTokens().resolve(request)).as("header %s", escape(header)).isEqualTo(expected);
    }

    private static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
