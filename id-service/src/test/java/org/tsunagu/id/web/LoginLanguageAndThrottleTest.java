package org.tsunagu.id.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;

/** The login page speaks the resident's language, and password guessing is locked out. */
class LoginLanguageAndThrottleTest extends IdServiceTestSupport {

    @Test
    void givenABrowserPreferringEnglish_whenTheLoginPageIsFetched_thenItIsEnglishWithASwitchBackToJapanese() {
        HttpResponse<String> page = http().get("/login", "Accept-Language", "en-US,en;q=0.9,ja;q=0.5");

        assertThat(page.body()).contains("<html lang=\"en\"", "<label for=\"username\">Login ID", "日本語で表示", "lang=ja");
        assertThat(page.headers().firstValue("Content-Language").orElse("")).startsWith("en");
    }

    @Test
    void givenABrowserPreferringJapanese_whenFetched_thenJapaneseWithAVisibleEnglishSwitch() {
        HttpResponse<String> page = http().get("/login", "Accept-Language", "ja,en;q=0.8");

        assertThat(page.body()).contains("<html lang=\"ja\"", "<label for=\"password\">パスワード",
                "id=\"language-switch\"", ">English</a>");
    }

    @Test
    void givenTheEnglishSwitch_whenFollowed_thenEnglishWhateverTheBrowserSays() {
        assertThat(http().get("/login?lang=en", "Accept-Language", "ja").body()).contains("<html lang=\"en\"");
    }

    @Test
    void givenRepeatedWrongPasswords_whenTheRightOneFollows_thenItIsStillRefusedAndUnknownIdsAreTreatedAlike() {
        for (String loginId : new String[] {"sakura", "no-such-resident"}) {
            for (int i = 0; i < 10; i++) {
                assertThat(login(loginId, "wrong-" + i)).endsWith("/login?error");
            }
            assertThat(login(loginId, "Nishi-Sakura-2026")).as(loginId).endsWith("/login?locked");
        }
        HubHttpClient client = http();
        assertThat(client.get("/login?locked").body()).contains("しばらくログインできません");
    }

    private String login(String loginId, String password) {
        HubHttpClient client = http();
        HttpResponse<String> page = client.get("/login");
        HttpResponse<String> response = client.postForm("/login", Map.of("username", loginId, "password", password,
                "_csrf", HubHttpClient.csrfToken(page.body())));
        assertThat(response.statusCode()).isEqualTo(302);
        return HubHttpClient.location(response).toString();
    }
}
