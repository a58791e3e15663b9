package org.tsunagu.consent.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * Every portal page in real headless Chromium: no serious or critical axe-core violations
 * (WCAG 2.0/2.1/2.2 A and AA rules), in Japanese and in English; withdrawing works with the
 * keyboard alone and is confirmed on the next screen at once.
 */
class PortalBrowserTest extends ConsentServiceIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, "Chromium is not installed here");
        }
        profile = Files.createTempDirectory("portal-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws java.io.IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void givenEveryPortalPage_whenCheckedWithAxeInJapaneseAndEnglish_thenNoSeriousOrCriticalViolations() {
        String resident = "RID-B-" + UUID.randomUUID();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        grant(resident, "bandai-school-notice", "resident-basic", "notification");
        WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log")).atPriority(5)
                .willReturn(okJson("""
                        {"items":[{"recordId":"r1","occurredAt":"2026-11-20T01:02:03Z","appId":"aizu-vaccine-notebook",
                          "category":"vaccination-records","purpose":"service-provision","decision":"ALLOWED",
                          "reason":"granted"},
                         {"recordId":"r2","occurredAt":"2026-11-20T01:05:00Z","appId":"bandai-school-notice",
                          "category":"vaccination-records","purpose":"notification","decision":"DENIED",
                          "reason":"consent-required"}]}""")));

        browser.manage().deleteAllCookies();
        browser.get(url("/?lang=ja"));
        assertNoSeriousViolations("landing (ja)");
        browser.get(url("/test-login/" + resident));
        for (String lang : List.of("ja", "en")) {
            for (String page : List.of("/apps", "/access-log", "/receipts", "/report")) {
                browser.get(url(page + "?lang=" + lang));
                assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo(lang);
                assertNoSeriousViolations(page + " (" + lang + ")");
            }
        }
        browser.get(url("/?lang=ja"));
    }

    @Test
    void givenConsents_whenWithdrawingAnAppWithTheKeyboardOnly_thenConfirmedOnScreenAtOnce() {
        String resident = "RID-B-" + UUID.randomUUID();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        browser.manage().deleteAllCookies();
        browser.get(url("/test-login/" + resident));
        browser.get(url("/apps?lang=ja"));

        WebElement withdraw = browser.findElement(By.cssSelector(
                "section[data-app-id='aizu-vaccine-notebook'] button.withdraw-app"));
        withdraw.sendKeys(Keys.ENTER);

        WebElement confirmation = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElements(By.id("confirmation")).stream().findFirst().orElse(null));
        assertThat(confirmation.getText()).contains("会津ワクチン手帳").contains("すべて取り消しました");
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("取り消しました");
        assertThat(browser.findElements(By.cssSelector("section[data-app-id='aizu-vaccine-notebook']"))).isEmpty();
        assertNoSeriousViolations("/apps after withdrawal");
        assertThat(get("/v1/me/consents", tokenFor(resident)).json().get("items").get(0).get("status").asString())
                .isEqualTo("REVOKED");
    }

    private void assertNoSeriousViolations(String page) {
        Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(browser);
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        assertThat(serious).as(() -> page + ": " + serious.stream()
                .map(rule -> rule.getId() + " " + rule.getImpact() + " " + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget())).toList())
                .toList()).isEmpty();
        assertThat(results.getPasses()).as(page + ": axe ran").isNotEmpty();
    }
}
