package org.tsunagu.id.consent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.keys.SigningKeys;
import org.tsunagu.id.token.TokenAudiences;

/**
 * Records opt-ins in consent-service ({@code POST /v1/me/consents}) on the resident's behalf,
 * with a one-minute token the id-service mints for that resident ({@code aud}
 * {@code urn:tsunagu:consent-service}, {@code sub} = resident id). consent-service at
 * {@code tsunagu.consent-service.url}.
 */
@Component
class ConsentServiceClient {

    /** The client id put in the minted tokens: the regional ID acting for the resident. */
    static final String ACTING_CLIENT = "tsunagu-id-service";

    private final RestClient rest;
    private final NimbusJwtEncoder encoder;
    private final SigningKeys keys;
    private final String issuer;

    ConsentServiceClient(@Value("${tsunagu.consent-service.url:http://localhost:9001}") String baseUrl,
                         SigningKeys keys, IdServiceProperties properties) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.rest = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
        this.encoder = new NimbusJwtEncoder(keys);
        this.keys = keys;
        this.issuer = properties.issuerUri();
    }

    /** One recorded opt-in: its id, and whether this call created it (201) or it was already active (200). */
    record Recorded(String consentId, boolean created) {
    }

    /** @throws org.springframework.web.client.RestClientException when consent-service refuses or cannot be reached */
    Recorded grant(String residentId, String appId, String category, String purpose, Instant validUntil) {
        var response = rest.post().uri("/v1/me/consents")
                .header("Authorization", "Bearer " + tokenFor(residentId))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("appId", appId, "category", category, "purpose", purpose,
                        "validUntil", OffsetDateTime.ofInstant(validUntil, ZoneOffset.UTC).toString()))
                .retrieve()
                .toEntity(Map.class);
        Object id = response.getBody() == null ? null : response.getBody().get("consentId");
        return new Recorded(id == null ? null : id.toString(), response.getStatusCode().value() == 201);
    }

    /** Withdraws an opt-in this authorization created, when a later one of the same screen failed. */
    void revoke(String residentId, String consentId) {
        rest.post().uri("/v1/me/consents/{id}/revoke", consentId)
                .header("Authorization", "Bearer " + tokenFor(residentId))
                .retrieve()
                .toBodilessEntity();
    }

    String tokenFor(String residentId) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(residentId)
                .audience(List.of(TokenAudiences.CONSENT_SERVICE))
                .claim("client_id", ACTING_CLIENT)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(60))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.currentKeyId()).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
