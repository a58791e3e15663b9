package org.tsunagu.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.springframework.util.FileSystemUtils;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Real headless Chromium driven through chromedriver's W3C WebDriver protocol over plain HTTP
 * (the e2e module has no Selenium dependency; the protocol is small). Started with the flags of
 * hub-conventions "Browser tests"; never downloads anything.
 */
final class PortalBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final Path profile;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PortalBrowser(Process driver, Path profile, URI base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
        awaitReady();
        Map<String, Object> options = Map.of(
                "binary", CHROMIUM.toString(),
                "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1000"));
        Map<String, Object> created = call("POST", "/session", Map.of("capabilities",
                Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", options))));
        this.session = (String) value(created).get("sessionId");
    }

    /** Starts chromedriver + Chromium; skips the test when Chromium is absent outside CI. */
    static PortalBrowser start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(present, "Chromium is not installed here");
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path profile = Files.createTempDirectory("portal-e2e-chromium");
            Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(chromedriverLog(profile).toFile())
                    .start();
            return new PortalBrowser(driver, profile, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start chromedriver", e);
        }
    }

    void open(String url) {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    String currentUrl() {
        return (String) call("GET", "/session/" + session + "/url", null).get("value");
    }

    String source() {
        return (String) call("GET", "/session/" + session + "/source", null).get("value");
    }

    List<String> findAll(String css) {
        Map<String, Object> answer = call("POST", "/session/" + session + "/elements",
                Map.of("using", "css selector", "value", css));
        List<String> ids = new ArrayList<>();
        for (Object element : (List<?>) answer.get("value")) {
            ids.add((String) ((Map<?, ?>) element).get(ELEMENT));
        }
        return ids;
    }

    /** The first element matching {@code css}, waiting up to {@code timeout} for it to appear. */
    String find(String css, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<String> found = findAll(css);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No element " + css + " on " + currentUrl() + ":\n" + source());
            }
            try {
                Thread.sleep(50); // polling the DOM for a bounded time, the WebDriver way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void type(String element, String text) {
        call("POST", "/session/" + session + "/element/" + element + "/value", Map.of("text", text));
    }

    void click(String element) {
        call("POST", "/session/" + session + "/element/" + element + "/click", Map.of());
    }

    /** Presses Enter on an element (keyboard use, as a resident without a mouse would). */
    void pressEnter(String element) {
        type(element, "\uE007");
    }

    String text(String element) {
        return (String) call("GET", "/session/" + session + "/element/" + element + "/text", null).get("value");
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (RuntimeException ignored) {
            // the driver is stopped below either way
        } finally {
            driver.destroy();
            try {
                driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                FileSystemUtils.deleteRecursively(profile); // Chromium's profile: tens of MB a run otherwise left in /tmp
            } catch (IOException | InterruptedException e) {
                // best effort; the directory is a temporary one
            }
        }
    }

    /** chromedriver's log goes under the module's {@code target/}, where {@code mvn clean} removes it. */
    private static Path chromedriverLog(Path profile) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "chromedriver-logs"));
        return dir.resolve(profile.getFileName() + ".log");
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            try {
                Map<String, Object> status = call("GET", "/status", null);
                if (Boolean.TRUE.equals(value(status).get("ready"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // chromedriver not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("chromedriver did not become ready");
    }

    private static Map<String, Object> value(Map<String, Object> answer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) answer.get("value");
        return value;
    }

    private Map<String, Object> call(String method, String path, Map<String, Object> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = JSONObjectUtils.parse(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + ": " + response.body());
            }
            return json;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
