package org.tsunagu.id.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;

/** The plain admin page is for operators only. */
class AdminPageTest extends IdServiceTestSupport {

    private HubHttpClient loggedIn(String loginId, String password) {
        HubHttpClient client = http();
        HttpResponse<String> page = client.get("/login");
        client.postForm("/login", Map.of("username", loginId, "password", password, "_csrf", HubHttpClient.csrfToken(page.body())));
        return client;
    }

    @Test
    void givenAnOperator_whenOpeningTheAdminPage_thenTheRegisteredAppsAreListed() {
        HttpResponse<String> page = loggedIn("bandai-operator", "Bandai-Operator-2026").get("/admin/apps", "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"ja\"", "aizu-tourism", "承認済み");
    }

    @Test
    void givenAResident_whenOpeningTheAdminPage_thenForbidden() {
        HttpResponse<String> page = loggedIn("hanako", "Aizu-Hanako-2026").get("/admin/apps", "Accept", "text/html");

        assertThat(page.statusCode()).isEqualTo(403);
    }
}
