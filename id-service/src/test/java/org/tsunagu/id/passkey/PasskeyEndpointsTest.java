package org.tsunagu.id.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;
import tools.jackson.databind.JsonNode;

/** Passkeys (ADR 0027a): the login page offers them, and the WebAuthn endpoints answer the right people only. */
class PasskeyEndpointsTest extends IdServiceTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    private static final String CSRF_HEADER = "X-CSRF-TOKEN";

    /** Logs hanako in with her password; returns a fresh CSRF token of her session. */
    private static String logInAsHanako(HubHttpClient client) {
        return logIn(client, "hanako", "Aizu-Hanako-2026");
    }

    private static String logIn(HubHttpClient client, String loginId, String password) {
        HttpResponse<String> page = client.get("/login");
        HttpResponse<String> login = client.postForm("/login", Map.of("username", loginId,
                "password", password, "_csrf", HubHttpClient.csrfToken(page.body())));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(login).toString()).doesNotContain("error");
        return HubHttpClient.csrfToken(client.get("/login").body());
    }

    @Test
    void givenTheLoginPage_whenFetched_thenItOffersPasskeyLoginWithSpringSecuritysScript() {
        HttpResponse<String> page = http().get("/login");

        assertThat(page.body()).contains("id=\"passkey-signin\"", "パスキーでログイン", "<script src=\"/login/webauthn.js\">",
                "setupLogin(");
        HttpResponse<String> script = http().get("/login/webauthn.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("window.setupLogin", "/webauthn/authenticate/options", "/login/webauthn");
    }

    @Test
    void givenTheEnglishLoginPage_thenThePasskeyOptionIsInEnglish() {
        assertThat(http().get("/login?lang=en").body()).contains("Log in with a passkey");
    }

    @Test
    void givenAnAnonymousVisitor_whenAskingForAuthenticationOptions_thenAChallengeForThisRelyingPartyIsReturned() {
        HubHttpClient client = http();
        String csrf = HubHttpClient.csrfToken(client.get("/login").body());

        HttpResponse<String> options = client.postJson("/webauthn/authenticate/options", "", CSRF_HEADER, csrf);

        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        JsonNode json = client.json(options);
        assertThat(json.get("rpId").asString()).isEqualTo("localhost");
        assertThat(json.get("challenge").asString()).isNotBlank();
    }

    @Test
    void givenAnAnonymousVisitor_whenAskingForRegistrationOptions_thenItIsRefusedAndNothingIsCreated() {
        HubHttpClient client = http();
        String csrf = HubHttpClient.csrfToken(client.get("/login").body());
        int credentials = jdbc.queryForObject("select count(*) from user_credentials", Integer.class);

        HttpResponse<String> options = client.postJson("/webauthn/register/options", "", CSRF_HEADER, csrf);
        HttpResponse<String> register = client.postJson("/webauthn/register", "{}", CSRF_HEADER, csrf);
        HttpResponse<String> page = client.get("/webauthn/register", "Accept", "text/html");

        assertThat(options.statusCode()).as(options.body()).isEqualTo(401);
        assertThat(options.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(options.body()).doesNotContain("challenge");
        assertThat(register.statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from user_credentials", Integer.class)).isEqualTo(credentials);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(page).getPath()).isEqualTo("/login");
    }

    @Test
    void givenALoggedInResident_whenAskingForRegistrationOptions_thenTheyAreForHerAndThisRelyingParty() {
        HubHttpClient hanako = http();
        String csrf = logInAsHanako(hanako);

        HttpResponse<String> options = hanako.postJson("/webauthn/register/options", "", CSRF_HEADER, csrf);

        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        JsonNode json = hanako.json(options);
        assertThat(json.get("rp").get("id").asString()).isEqualTo("localhost");
        assertThat(json.get("user").get("name").asString()).isEqualTo("hanako");
        assertThat(json.get("challenge").asString()).isNotBlank();
        assertThat(hanako.get("/webauthn/register").statusCode()).isEqualTo(200);
        assertThat(hanako.get("/").body()).contains("href=\"/webauthn/register\"", "パスキーを登録する");
    }

    @Test
    void givenALoggedInOperator_whenAskingForRegistrationOptions_thenItIsForbidden() {
        HubHttpClient operator = http();
        String csrf = logIn(operator, "aizu-operator", "Aizu-Operator-2026");

        HttpResponse<String> options = operator.postJson("/webauthn/register/options", "", CSRF_HEADER, csrf);

        assertThat(options.statusCode()).as(options.body()).isEqualTo(403);
        assertThat(options.body()).doesNotContain("challenge");
    }

    @Test
    void givenALoggedInResidentWithoutTheCsrfHeader_whenAskingForRegistrationOptions_thenItIsRefused() {
        HubHttpClient hanako = http();
        logInAsHanako(hanako);

        assertThat(hanako.postJson("/webauthn/register/options", "").statusCode()).isEqualTo(403);
    }
}
