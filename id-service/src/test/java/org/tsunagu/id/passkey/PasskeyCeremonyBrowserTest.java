package org.tsunagu.id.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;

/**
 * The whole passkey ceremony in a real browser with Chromium's virtual authenticator (WebDriver's
 * virtual authenticator commands): hanako registers a passkey after a password login, then logs in
 * with it alone during an app's authorization request and the app gets a code. WebAuthn checks
 * the page's origin, so this context pre-picks a free port and allows exactly that origin.
 */
class PasskeyCeremonyBrowserTest extends IdServiceTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int PORT = freePort();

    @Autowired
    JdbcTemplate jdbc;

    private ChromeDriver browser;
    private Path profile;

    @DynamicPropertySource
    static void ownOrigin(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("tsunagu.webauthn.allowed-origins", () -> "http://localhost:" + PORT);
    }

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
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja,en;q=0.5"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void givenHanakoRegisteredAPasskey_whenSheLogsInWithItDuringAnAuthorization_thenTheAppGetsACode() {
        VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(
                new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true).setHasUserVerification(true)
                        .setIsUserVerified(true).setIsUserConsenting(true));
        String base = "http://localhost:" + port;
        int before = jdbc.queryForObject("select count(*) from user_credentials", Integer.class);

        // given: a password login, then the registration page
        browser.get(base + "/login");
        browser.findElement(By.id("username")).sendKeys("hanako");
        browser.findElement(By.id("password")).sendKeys("Aizu-Hanako-2026");
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getPageSource().contains("register-passkey"));
        browser.findElement(By.id("register-passkey")).click();
        browser.findElement(By.id("label")).sendKeys("はなこのスマホ");
        browser.findElement(By.id("register")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains("success"));
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from user_credentials", Integer.class)).isEqualTo(before + 1);

        // when: a fresh session, an app's authorization request, and the passkey button only
        browser.manage().deleteAllCookies();
        URI authorize = new NimbusClient(port).request(NimbusClient.VACCINE, NimbusClient.VACCINE_REDIRECT, "openid",
                new CodeVerifier()).build().toURI();
        browser.get(authorize.toString());
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
        assertThat(browser.findElement(By.id("passkey-signin")).getText()).isEqualTo("パスキーでログイン");
        browser.findElement(By.id("passkey-signin")).click();

        // then
        await().atMost(Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().startsWith(NimbusClient.VACCINE_REDIRECT + "?"));
        AuthorizationResponse response = parse(browser.getCurrentUrl());
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.toSuccessResponse().getAuthorizationCode()).isNotNull();
    }

    private static AuthorizationResponse parse(String url) {
        try {
            return AuthorizationResponse.parse(URI.create(url));
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
