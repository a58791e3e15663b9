package org.tsunagu.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import tools.jackson.databind.JsonNode;

/**
 * Receipts verified by an independent JOSE library (jose4j, not the Nimbus library that signs
 * them) against the JWKS consent-service publishes at {@code GET /v1/consent/keys}.
 */
class ReceiptVerificationTest extends ConsentServiceIntegrationTest {

    private static String newResident() {
        return "RID-R-" + UUID.randomUUID();
    }

    @Test
    void givenGrantAndWithdrawal_whenVerifyingBothReceiptsWithJose4jAgainstPublishedJwks_thenSignaturesAndFieldsHold()
            throws Exception {
        String resident = newResident();
        String consentId = grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision")
                .json().get("consentId").asString();
        revoke(resident, consentId);

        Answer receipts = get("/v1/me/receipts", tokenFor(resident));
        assertThat(receipts.status()).as(receipts.body()).isEqualTo(200);
        JsonNode items = receipts.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("event").asString()).isEqualTo("REVOKED");
        assertThat(items.get(1).get("event").asString()).isEqualTo("GRANTED");

        Answer keys = get("/v1/consent/keys", null);
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
        JsonWebKeySet jwks = new JsonWebKeySet(keys.body());

        Map<String, Object> granted = verify(items.get(1).get("jws").asString(), jwks);
        assertThat(granted).containsEntry("iss", "urn:tsunagu:consent-service")
                .containsEntry("recordId", consentId)
                .containsEntry("piiPrincipalId", resident)
                .containsEntry("event", "GRANTED")
                .containsEntry("state", "ACTIVE")
                .containsEntry("jurisdiction", "JP")
                .containsKeys("jti", "iat", "consentTimestamp", "validity", "withdrawal", "legalBasis");
        @SuppressWarnings("unchecked")
        Map<String, Object> controller = ((List<Map<String, Object>>) granted.get("piiControllers")).get(0);
        assertThat(controller).containsEntry("appId", "aizu-vaccine-notebook")
                .containsEntry("appName", "会津ワクチン手帳")
                .containsEntry("piiController", "会津デジタルヘルス合同会社");
        @SuppressWarnings("unchecked")
        Map<String, Object> purpose = ((List<Map<String, Object>>) granted.get("purposes")).get(0);
        assertThat(purpose).containsEntry("purpose", "service-provision")
                .containsEntry("purposeIri", "https://w3id.org/dpv#ServiceProvision");
        @SuppressWarnings("unchecked")
        List<Object> categories = (List<Object>) granted.get("piiCategories");
        assertThat(categories).containsExactly("vaccination-records");
        @SuppressWarnings("unchecked")
        Map<String, Object> legalBasis = (Map<String, Object>) granted.get("legalBasis");
        assertThat(legalBasis).containsEntry("law", "APPI");
        @SuppressWarnings("unchecked")
        Map<String, Object> withdrawal = (Map<String, Object>) granted.get("withdrawal");
        assertThat((String) withdrawal.get("method")).endsWith("/v1/me/consents/" + consentId + "/revoke");

        Map<String, Object> withdrawn = verify(items.get(0).get("jws").asString(), jwks);
        assertThat(withdrawn).containsEntry("event", "REVOKED").containsEntry("state", "REVOKED")
                .containsEntry("recordVersion", 2L);
    }

    @Test
    void givenReceipt_whenOneByteOfThePayloadIsChanged_thenJose4jRejectsIt() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");
        String jws = get("/v1/me/receipts", tokenFor(resident)).json().get("items").get(0).get("jws").asString();
        String[] parts = jws.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2)
                + (parts[1].endsWith("A") ? "BB" : "AA") + "." + parts[2];

        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(forged);
        signature.setKey(publishedKey(signature).getKey());

        assertThat(signature.verifySignature()).isFalse();
    }

    @Test
    void givenReceipt_whenDownloadedByItsResident_thenCompactJwsAsAttachment_andOthersGetNotFound() {
        String resident = newResident();
        grant(resident, "bandai-school-notice", "resident-basic", "notification");
        JsonNode receipt = get("/v1/me/receipts", tokenFor(resident)).json().get("items").get(0);
        String receiptId = receipt.get("receiptId").asString();

        Answer own = get("/v1/me/receipts/" + receiptId, tokenFor(resident));
        Answer someoneElse = get("/v1/me/receipts/" + receiptId, tokenFor(newResident()));

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.contentType()).startsWith("application/jose");
        assertThat(own.header("Content-Disposition")).contains("attachment");
        assertThat(own.body()).isEqualTo(receipt.get("jws").asString());
        assertProblem(someoneElse, 404, "not-found");
    }

    @Test
    void givenNoToken_whenReadingKeys_thenPublic_andReceiptsNeedAToken() {
        assertThat(get("/v1/consent/keys", null).status()).isEqualTo(200);
        assertProblem(get("/v1/me/receipts", null), 401, "invalid-token");
    }

    private JsonWebKey publishedKey(JsonWebSignature signature) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(get("/v1/consent/keys", null).body());
        return new VerificationJwkSelector().select(signature, jwks.getJsonWebKeys());
    }

    private static Map<String, Object> verify(String compact, JsonWebKeySet jwks) throws Exception {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setAlgorithmConstraints(new AlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256));
        signature.setCompactSerialization(compact);
        JsonWebKey key = new VerificationJwkSelector().select(signature, jwks.getJsonWebKeys());
        assertThat(key).as("a published key with the receipt's kid").isNotNull();
        signature.setKey(key.getKey());
        assertThat(signature.verifySignature()).isTrue();
        assertThat(signature.getHeader("typ")).isEqualTo("consent-receipt+jwt");
        return JwtClaims.parse(signature.getPayload()).getClaimsMap();
    }
}
