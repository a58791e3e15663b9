package org.tsunagu.id;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless HTTP client for the id-service, driving the resident login the way a browser
 * would: cookies kept (JSESSIONID), redirects followed by hand, CSRF token read from the form.
 */
public final class HubHttpClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient client;

    public HubHttpClient(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The outcome of a resident's authorization: the code, or where the server sent us instead. */
    public record Authorization(HttpResponse<String> finalResponse, String code, String verifier) {
    }

    public HttpResponse<String> get(String pathOrUrl, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(pathOrUrl)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** POSTs a JSON body (as the passkey JavaScript does), with extra headers such as the CSRF header. */
    public HttpResponse<String> postJson(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** POSTs an already encoded form body (for repeated parameters such as several {@code scope}s). */
    public HttpResponse<String> postEncodedForm(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        return postForm("/oauth2/token", form, "Authorization", basic(clientId, secret));
    }

    /** GET /oauth2/authorize, GET /login, POST /login, follow back to the authorize endpoint. */
    public Authorization authorize(String clientId, String redirectUri, String scope, String loginId, String password) {
        String verifier = randomVerifier();
        String authorize = "/oauth2/authorize?" + encode(Map.of(
                "response_type", "code",
                "client_id", clientId,
                "redirect_uri", redirectUri,
                "scope", scope,
                "state", "st-" + verifier.substring(0, 8),
                "nonce", "n-" + verifier.substring(8, 16),
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        HttpResponse<String> response = get(authorize); // no Accept header needed
        if (response.statusCode() == 302 && location(response).getPath().equals("/login")) {
            HttpResponse<String> loginPage = get(location(response).toString());
            response = postForm("/login", Map.of(
                    "username", loginId,
                    "password", password,
                    "_csrf", csrfToken(loginPage.body())));
            if (response.statusCode() == 302 && location(response).getPath().equals("/oauth2/authorize")) {
                response = get(location(response).toString());
            }
        }
        String code = null;
        if (response.statusCode() == 302 && location(response).toString().startsWith(redirectUri + "?")) {
            code = queryParameter(location(response), "code");
        }
        return new Authorization(response, code, verifier);
    }

    /**
     * Follows a prepared authorization request through the login page as a browser would.
     * @return the last response: normally the redirect back to the client
     */
    public HttpResponse<String> loginThrough(URI authorizeUri, String loginId, String password) {
        HttpResponse<String> response = get(authorizeUri.toString());
        if (response.statusCode() == 302 && location(response).getPath().equals("/login")) {
            HttpResponse<String> loginPage = get(location(response).toString());
            response = postForm("/login", Map.of(
                    "username", loginId,
                    "password", password,
                    "_csrf", csrfToken(loginPage.body())));
            if (response.statusCode() == 302 && location(response).getPath().equals("/oauth2/authorize")) {
                response = get(location(response).toString());
            }
        }
        return response;
    }

    public HttpResponse<String> exchangeCode(String clientId, String secret, String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        if (secret == null) {
            form.put("client_id", clientId);
            return postForm("/oauth2/token", form);
        }
        return postForm("/oauth2/token", form, "Authorization", basic(clientId, secret));
    }

    public static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    public static String csrfToken(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in page");
        }
        return m.group(1);
    }

    public static String queryParameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
