package org.tsunagu.id.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.tsunagu.id.keys.SigningKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;

/**
 * A real browser (Debian's chromium, headless) logs a seed resident in through the Japanese login
 * page of an app's authorization request and through the consent screen (approving one category,
 * refusing the other); neither page has serious accessibility problems.
 */
class LoginBrowserTest extends IdServiceTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final String TOURISM = "aizu-tourism";
    private static final String TOURISM_SECRET = "tourism-demo-secret";
    private static final URI TOURISM_REDIRECT = URI.create("http://127.0.0.1:8767/callback");
    /** aizu-tourism declares one purpose, so one approved category is exactly one grant. */
    private static final String TOURISM_GRANTED = """
            {"consentId":"c-browser-1","version":1,"appId":"aizu-tourism","category":"vaccination-records",
             "purpose":"personalisation","status":"ACTIVE","validFrom":"2026-11-22T00:00:00Z",
             "validUntil":"2027-11-22T00:00:00Z","grantedAt":"2026-11-22T00:00:00Z"}""";

    @Autowired
    SigningKeys signingKeys;

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            assumeTrue(present, "chromium is not installed");
        }
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--disable-sync", "--lang=ja", "--user-data-dir=" + profile);
        // an elderly resident's Japanese browser
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "ja,en;q=0.5"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void givenAnAppsAuthorizationRequest_whenHanakoLogsInOnTheJapanesePage_thenTheAppGetsACodeWithTheIssuer() {
        URI authorize = new NimbusClient(port).request(NimbusClient.VACCINE, NimbusClient.VACCINE_REDIRECT, "openid",
                new CodeVerifier()).build().toURI();

        browser.get(authorize.toString());

        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("ログインID");
        assertThat(browser.findElement(By.id("language-switch")).getText()).isEqualTo("English");
        Results axe = new AxeBuilder().analyze(browser);
        List<String> serious = axe.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Rule::getId).toList();
        assertThat(serious).as("serious or critical accessibility violations").isEmpty();

        browser.findElement(By.id("username")).sendKeys("hanako");
        browser.findElement(By.id("password")).sendKeys("Aizu-Hanako-2026");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().startsWith(NimbusClient.VACCINE_REDIRECT + "?"));
        AuthorizationResponse response = parse(browser.getCurrentUrl());
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.toSuccessResponse().getAuthorizationCode()).isNotNull();
        assertThat(response.toSuccessResponse().getIssuer()).isEqualTo(new Issuer(ISSUER));
    }

    @Test
    void givenAnAppAskingForTwoCategories_whenHanakoLogsInAndApprovesOnlyOneOnTheConsentScreen_thenTheTokenCarriesOnlyThatCategory()
            throws Exception {
        CONSENT_SERVICE.resetAll();
        CONSENT_SERVICE.stubFor(post(urlEqualTo("/v1/me/consents")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(TOURISM_GRANTED)));
        CodeVerifier verifier = new CodeVerifier();
        URI authorize = new NimbusClient(port).request(TOURISM, TOURISM_REDIRECT,
                "openid category:vaccination-records category:resident-basic", verifier).build().toURI();

        browser.get(authorize.toString());
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        browser.findElement(By.id("username")).sendKeys("hanako");
        browser.findElement(By.id("password")).sendKeys("Aizu-Hanako-2026");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("/oauth2/consent"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("このアプリにデータを渡しますか");
        assertThat(browser.findElement(By.id("consent-form")).getText()).contains("予防接種の記録", "住民票の基本情報");
        Results axe = new AxeBuilder().analyze(browser);
        List<String> serious = axe.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Rule::getId).toList();
        assertThat(serious).as("serious or critical accessibility violations on the consent screen").isEmpty();

        browser.findElement(By.cssSelector("input[name=scope][value='category:vaccination-records']")).click();
        assertThat(browser.findElement(By.cssSelector("input[name=scope][value='category:resident-basic']")).isSelected())
                .as("refused: left unticked").isFalse();
        browser.findElement(By.id("submit-consent")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().startsWith(TOURISM_REDIRECT + "?"));
        AuthorizationResponse response = parse(browser.getCurrentUrl());
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.toSuccessResponse().getIssuer()).isEqualTo(new Issuer(ISSUER));
        CONSENT_SERVICE.verify(1, postRequestedFor(urlEqualTo("/v1/me/consents")));
        CONSENT_SERVICE.verify(1, postRequestedFor(urlEqualTo("/v1/me/consents"))
                .withRequestBody(matchingJsonPath("$.appId", equalTo(TOURISM)))
                .withRequestBody(matchingJsonPath("$.category", equalTo("vaccination-records"))));

        NimbusClient nimbus = new NimbusClient(port);
        TokenResponse tokens = nimbus.token(new AuthorizationCodeGrant(response.toSuccessResponse().getAuthorizationCode(),
                TOURISM_REDIRECT, verifier), NimbusClient.basic(TOURISM, TOURISM_SECRET), null);
        Jwt access = NimbusJwtDecoder.withJwkSource(signingKeys).build()
                .decode(NimbusClient.success(tokens).getOIDCTokens().getAccessToken().getValue());
        assertThat(access.getClaimAsStringList("scope"))
                .contains("openid", "category:vaccination-records").doesNotContain("category:resident-basic");
    }

    private static AuthorizationResponse parse(String url) {
        try {
            return AuthorizationResponse.parse(URI.create(url));
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
