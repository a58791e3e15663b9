package org.tsunagu.launcher.municipality;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a municipal system tells the connectors that something happened: a JSON notice in its own
 * keys, POSTed to {@code /v1/municipal/<system>/events} and signed the Standard Webhooks way
 * with the system's shared secret (see connector.yaml).
 */
final class MunicipalEventEmitter {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** Sends one notice and returns the canonical event id the connectors assigned. */
    String emit(String connectorsUrl, String system, String secret, String eventType, String municipalKey,
                Map<String, String> data) {
        ObjectNode notice = json.createObjectNode()
                .put("eventType", eventType)
                .put("municipalKey", municipalKey)
                .put("occurredAt", Instant.now().toString());
        ObjectNode details = notice.putObject("data");
        data.forEach(details::put);
        byte[] body = json.writeValueAsBytes(notice);
        String id = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(connectorsUrl + "/v1/municipal/" + system + "/events"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The connectors did not take the " + system + " notice", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException("The connectors refused the " + system + " notice: "
                    + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).path("eventId").asString();
    }

    static String signature(String secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
