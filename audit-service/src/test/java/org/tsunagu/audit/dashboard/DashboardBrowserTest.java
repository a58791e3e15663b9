package org.tsunagu.audit.dashboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;
import org.tsunagu.audit.TestTokens;
import org.tsunagu.contracts.events.AccessRecord.DecisionEnum;

/**
 * The operator dashboard in real headless Chromium: the operator logs in at the regional ID
 * (WireMock plays it: authorize page, token endpoint with an ID token and an operator access
 * token signed by the test key), and the charts render. Accessibility checked with axe-core.
 */
class DashboardBrowserTest extends ChainFixtures {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CLIENT = "tsunagu-operator-console";

    @Autowired
    private JdbcClient jdbc;

    private ChromeDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        boolean present = Files.isExecutable(Path.of(CHROMIUM));
        assumeTrue(present || System.getenv("CI") != null, "headless Chromium is not installed");
        profile = Files.createTempDirectory("audit-dashboard-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws java.io.IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    private static Map<String, String> query(String url) {
        return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0],
                        p -> java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8),
                        (a, b) -> a));
    }

    private void logInAsOperator() {
        ISSUER.stubFor(get(urlPathEqualTo("/oauth2/authorize")).willReturn(aResponse()
                .withHeader("Content-Type", "text/html; charset=UTF-8")
                .withBody("<!DOCTYPE html><html lang=\"ja\"><head><title>地域ID</title></head><body>ログイン</body></html>")));
        driver.get("http://localhost:" + port + "/dashboard");
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().startsWith(issuer() + "/oauth2/authorize"));
        Map<String, String> authorize = query(driver.getCurrentUrl());
        assertThat(authorize).containsEntry("client_id", CLIENT).containsEntry("code_challenge_method", "S256")
                .containsKey("code_challenge").containsKey("nonce");
        ISSUER.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(Map.of(
                        "access_token", TestTokens.operator(issuer(), "OP-0001"),
                        "token_type", "Bearer",
                        "expires_in", 300,
                        "scope", "openid",
                        "id_token", TestTokens.idToken(issuer(), "OP-0001", CLIENT, authorize.get("nonce")))))));
        driver.get(authorize.get("redirect_uri") + "?code=test-code&state="
                + URLEncoder.encode(authorize.get("state"), StandardCharsets.UTF_8));
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(() -> "after the login: " + driver.getCurrentUrl() + " " + driver.getPageSource())
                .until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/dashboard"));
    }

    @Test
    void givenFlows_whenOperatorOpensDashboard_thenChartsRenderInChromiumAndPageIsAccessible() {
        String resident = newResident();
        publishAndAwait(jdbc, allowed(resident),
                record(resident, "app-kenko", "resident-basic", DecisionEnum.DENIED, "consent-required"),
                record(resident, "app-other", "vaccination-records", DecisionEnum.DENIED, "consent-revoked"));

        logInAsOperator();

        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> List.of("sankey", "timeline", "reasons")
                .stream().allMatch(id -> !d.findElements(By.cssSelector("#" + id + " svg")).isEmpty()));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        String sankey = driver.findElement(By.cssSelector("#sankey svg")).getAttribute("outerHTML");
        assertThat(sankey).contains("健康管理システム", "住民記録システム", "アプリ: app-kenko", "許可", "拒否");
        assertThat(driver.findElement(By.cssSelector("#reasons svg")).getAttribute("outerHTML"))
                .contains("consent-required", "consent-revoked");
        assertThat(driver.findElement(By.id("chain-status")).getText()).startsWith("正常");
        assertThat(driver.findElement(By.id("delivery-count")).getText()).isEqualTo("0 件");
        assertThat(((JavascriptExecutor) driver).executeScript("return typeof echarts")).isEqualTo("object");

        Results axe = new AxeBuilder().analyze(driver);
        List<String> serious = axe.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(Rule::getId).toList();
        assertThat(serious).as("serious or critical accessibility violations").isEmpty();
    }

    @Test
    void givenNoSession_whenDashboardRequested_thenRedirectedToTheRegionalIdLogin() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/dashboard")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .endsWith("/oauth2/authorization/regional-id");
    }
}
