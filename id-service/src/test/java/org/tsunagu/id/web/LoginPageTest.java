package org.tsunagu.id.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;

class LoginPageTest extends IdServiceTestSupport {

    private static final String GENERIC_ERROR = "ログインIDまたはパスワードが正しくありません";

    @Test
    void givenTheLoginPage_whenFetched_thenItIsJapaneseFirstWithLabelledInputsAndACsrfToken() {
        HttpResponse<String> page = http().get("/login");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<html lang=\"ja\"")
                .contains("<label for=\"username\">ログインID")
                .contains("<label for=\"password\">パスワード")
                .contains("name=\"username\"", "name=\"password\"", "ログイン")
                .doesNotContain(GENERIC_ERROR);
        assertThat(HubHttpClient.csrfToken(page.body())).isNotBlank();
    }

    @Test
    void givenAWrongPassword_whenLoggingIn_thenTheGenericJapaneseErrorIsShown() {
        assertThat(failedLogin("hanako", "wrong-password")).contains(GENERIC_ERROR);
    }

    @Test
    void givenAnUnknownLoginId_whenLoggingIn_thenTheSameGenericErrorIsShown() {
        String unknown = failedLogin("nobody-here", "wrong-password");

        assertThat(unknown).contains(GENERIC_ERROR);
        assertThat(unknown).isEqualTo(failedLogin("hanako", "wrong-password").replaceAll("value=\"[^\"]+\"", ""));
    }

    @Test
    void givenNoCsrfToken_whenLoggingIn_thenTheLoginIsRefused() {
        HubHttpClient client = http();
        client.get("/login");

        HttpResponse<String> response = client.postForm("/login", Map.of("username", "hanako", "password", "Aizu-Hanako-2026"));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void givenTheRightPassword_whenLoggingInDirectly_thenTheResidentLandsOnTheHomePage() {
        HubHttpClient client = http();
        HttpResponse<String> page = client.get("/login");

        HttpResponse<String> response = client.postForm("/login", Map.of("username", "hanako",
                "password", "Aizu-Hanako-2026", "_csrf", HubHttpClient.csrfToken(page.body())));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(response).getPath()).isEqualTo("/");
        assertThat(client.get("/").body()).contains("ログインしました");
    }

    /** @return the page shown after the failed login, without its (random) CSRF token */
    private String failedLogin(String loginId, String password) {
        HubHttpClient client = http();
        HttpResponse<String> page = client.get("/login");
        HttpResponse<String> response = client.postForm("/login", Map.of("username", loginId, "password", password,
                "_csrf", HubHttpClient.csrfToken(page.body())));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(response).toString()).endsWith("/login?error");
        HttpResponse<String> errorPage = client.get(HubHttpClient.location(response).toString());
        assertThat(errorPage.statusCode()).isEqualTo(200);
        return errorPage.body().replaceAll("value=\"[^\"]+\"", "");
    }
}
