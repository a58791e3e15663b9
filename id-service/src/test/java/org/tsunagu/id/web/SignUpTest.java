package org.tsunagu.id.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;
import org.tsunagu.id.resident.Residents;

/** Self sign-up creates an unverified resident who can then log in; bad input creates nothing. */
class SignUpTest extends IdServiceTestSupport {

    @Autowired
    Residents residents;

    private HttpResponse<String> signUp(String loginId, String password) {
        HubHttpClient client = http();
        HttpResponse<String> page = client.get("/signup");
        return client.postForm("/signup", Map.of("username", loginId, "password", password, "familyName", "会津",
                "givenName", "次郎", "municipality", "aizuwakamatsu", "_csrf", HubHttpClient.csrfToken(page.body())));
    }

    @Test
    void givenANewResident_whenSigningUp_thenAnUnverifiedAccountExistsAndCanLogInToThePortal() throws Exception {
        HttpResponse<String> response = signUp("jiro-aizu", "Jiro-Aizu-2026-pass");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(response).toString()).endsWith("/login?signedup");
        String residentId = residents.findByLoginId("jiro-aizu").orElseThrow().residentId();
        assertThat(residents.isVerified(residentId)).isFalse();
        URI redirect = URI.create("http://127.0.0.1:8765/callback");
        var tokens = NimbusClient.success(new NimbusClient(port).exchange(
                new NimbusClient(port).authorize("tsunagu-portal", redirect, "openid", "jiro-aizu", "Jiro-Aizu-2026-pass"),
                redirect, null, "tsunagu-portal"));
        assertThat(SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet().getSubject())
                .isEqualTo(residentId);
    }

    @Test
    void givenATakenLoginIdOrAShortPassword_whenSigningUp_thenTheFormExplainsAndNothingIsCreated() {
        HttpResponse<String> taken = signUp("aizu-operator", "Long-Enough-Password-1");
        HttpResponse<String> weak = signUp("someone-new", "short");

        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("このログインIDは使えません");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("パスワードは12文字以上");
        assertThat(residents.findByLoginId("someone-new")).isEmpty();
    }
}
