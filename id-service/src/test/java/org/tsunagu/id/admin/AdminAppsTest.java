package org.tsunagu.id.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;
import tools.jackson.databind.JsonNode;

/** Operators register apps, which get no tokens and stay out of the directory until approved. */
class AdminAppsTest extends IdServiceTestSupport {

    private static final URI CLI = URI.create("http://127.0.0.1:8765/callback");

    private String token(String clientId, String loginId, String password) {
        NimbusClient nimbus = new NimbusClient(port);
        return NimbusClient.success(nimbus.exchange(nimbus.authorize(clientId, CLI, "openid", loginId, password), CLI, null, clientId))
                .getTokens().getAccessToken().getValue();
    }

    private String operatorToken() {
        return token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");
    }

    private HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String registration(String clientId, String redirect) {
        return """
                {"clientId":"%s","name":"新しい診療所アプリ","operator":"会津クリニック","municipality":"aizuwakamatsu",
                 "categories":["vaccination-records"],"purposes":["service-provision"],"redirectUris":["%s"],
                 "webhookUrl":"https://clinic.example/webhooks","clientType":"confidential"}""".formatted(clientId, redirect);
    }

    @Test
    void givenARegisteredApp_whenNotYetApproved_thenNoTokensAndNotListed_andOnceApproved_thenBoth() throws Exception {
        String operator = operatorToken();

        HttpResponse<String> registered = post("/v1/admin/apps", registration("new-clinic", "https://clinic.example/cb"), operator);

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        JsonNode app = http().json(registered);
        assertThat(app.get("status").asString()).isEqualTo("PENDING");
        String secret = app.get("clientSecret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(http().get("/v1/apps/new-clinic").statusCode()).isEqualTo(404);
        NimbusClient nimbus = new NimbusClient(port);
        assertThat(NimbusClient.errorCode(nimbus.token(new ClientCredentialsGrant(), NimbusClient.basic("new-clinic", secret), null)))
                .isEqualTo("invalid_client");

        HttpResponse<String> approved = post("/v1/admin/apps/new-clinic/approve", "", operator);

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(http().json(approved).get("status").asString()).isEqualTo("APPROVED");
        HttpResponse<String> listed = http().get("/v1/apps/new-clinic");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(http().json(listed).get("webhookUrl").asString())
                .as("the approved webhook URL, which bounds the app's subscriptions at the gateway")
                .isEqualTo("https://clinic.example/webhooks");
        assertThat(nimbus.token(new ClientCredentialsGrant(), NimbusClient.basic("new-clinic", secret), null).indicatesSuccess()).isTrue();
    }

    @Test
    void givenAWildcardRedirectOrADuplicate_whenRegistering_thenProblems() throws Exception {
        String operator = operatorToken();

        HttpResponse<String> wildcard = post("/v1/admin/apps", registration("wild-app", "https://*.example/cb"), operator);
        HttpResponse<String> duplicate = post("/v1/admin/apps", registration("aizu-tourism", "https://t.example/cb"), operator);

        assertThat(wildcard.statusCode()).isEqualTo(400);
        assertThat(wildcard.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(duplicate.statusCode()).isEqualTo(409);
    }

    @Test
    void givenNoTokenAResidentTokenOrTheGatewaysToken_whenRegistering_thenRefused() throws Exception {
        String resident = token("tsunagu-portal", "hanako", "Aizu-Hanako-2026");
        String gateway = http().json(http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", "pairwise.resolve"))
                .get("access_token").asString();

        assertThat(post("/v1/admin/apps", registration("x-app", "https://x.example/cb"), null).statusCode()).isEqualTo(401);
        assertThat(post("/v1/admin/apps", registration("x-app", "https://x.example/cb"), resident).statusCode()).isEqualTo(401);
        assertThat(post("/v1/admin/apps", registration("x-app", "https://x.example/cb"), gateway).statusCode()).isEqualTo(403);
    }
}
