package org.tsunagu.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import tools.jackson.databind.JsonNode;

/** The resident's consent endpoints end to end: HTTP, ledger, outbox, Kafka. */
class MyConsentsApiTest extends ConsentServiceIntegrationTest {

    private static String newResident() {
        return "RID-T-" + UUID.randomUUID();
    }

    @Test
    void givenDeclaredScope_whenGranting_thenCreatedWithLocationAndGrantedEventOnResidentPartition() {
        String resident = newResident();

        Answer answer = grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode item = answer.json();
        String consentId = item.get("consentId").asString();
        assertThat(answer.header("Location")).isEqualTo("/v1/me/consents/" + consentId);
        assertThat(item.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(item.get("version").asInt()).isEqualTo(1);
        assertThat(item.get("appId").asString()).isEqualTo("aizu-vaccine-notebook");
        assertThat(item.get("category").asString()).isEqualTo("vaccination-records");
        assertThat(item.get("purpose").asString()).isEqualTo("service-provision");
        Instant validUntil = OffsetDateTime.parse(item.get("validUntil").asString()).toInstant();
        assertThat(validUntil).isAfter(Instant.now().plusSeconds(364L * 24 * 3600))
                .isBefore(Instant.now().plusSeconds(367L * 24 * 3600));

        ConsumerRecord<String, String> record = awaitEvents(keyIs(resident + "/" + consentId), 1).get(0);
        int expectedPartition = Utils.toPositive(Utils.murmur2(resident.getBytes(StandardCharsets.UTF_8))) % 3;
        assertThat(record.partition()).isEqualTo(expectedPartition);
        assertThat(record.headers().toArray()).noneMatch(h -> h.key().startsWith("__TypeId__"));
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.get("eventType").asString()).isEqualTo("CONSENT_GRANTED");
        assertThat(UUID.fromString(event.get("eventId").asString())).isNotNull();
        JsonNode state = event.get("consent");
        assertThat(state.get("consentId").asString()).isEqualTo(consentId);
        assertThat(state.get("residentId").asString()).isEqualTo(resident);
        assertThat(state.get("version").asInt()).isEqualTo(1);
        assertThat(state.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(state.get("appId").asString()).isEqualTo("aizu-vaccine-notebook");
        assertThat(state.get("category").asString()).isEqualTo("vaccination-records");
        assertThat(state.get("purpose").asString()).isEqualTo("service-provision");
        assertThat(OffsetDateTime.parse(state.get("validUntil").asString()).toInstant()).isEqualTo(validUntil);
    }

    @Test
    void givenActiveItem_whenGrantingSameScopeAgain_thenOkWithTheSameItemAndNoNewEvent() {
        String resident = newResident();
        String first = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();
        List<Long> before = footprint(resident);

        Answer again = grant(resident, "bandai-school-notice", "resident-basic", "notification");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("consentId").asString()).isEqualTo(first);
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
        assertThat(footprint(resident)).isEqualTo(before);
        assertThat(get("/v1/me/consents", tokenFor(resident)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void givenTwoResidents_whenListingAndGetting_thenEachSeesOnlyTheirOwn() {
        String alice = newResident();
        String bob = newResident();
        String alicesId = grant(alice, "aizu-vaccine-notebook", "resident-basic", "notification")
                .json().get("consentId").asString();
        String bobsId = grant(bob, "aizu-vaccine-notebook", "vaccination-records", "service-provision")
                .json().get("consentId").asString();

        JsonNode alicesList = get("/v1/me/consents", tokenFor(alice)).json().get("items");
        Answer alicesItem = get("/v1/me/consents/" + alicesId, tokenFor(alice));

        assertThat(alicesList.size()).isEqualTo(1);
        assertThat(alicesList.get(0).get("consentId").asString()).isEqualTo(alicesId);
        assertThat(alicesItem.status()).isEqualTo(200);
        assertThat(alicesItem.json().get("consentId").asString()).isEqualTo(alicesId);
        assertThat(get("/v1/me/consents", tokenFor(bob)).json().get("items").get(0).get("consentId").asString())
                .isEqualTo(bobsId);
    }

    @Test
    void givenAnotherResidentsItem_whenGettingOrRevoking_thenNotFoundAndItemUntouched() {
        String owner = newResident();
        String intruder = newResident();
        String consentId = grant(owner, "aizu-vaccine-notebook", "resident-basic", "service-provision")
                .json().get("consentId").asString();
        List<Long> before = footprint(owner);

        assertProblem(get("/v1/me/consents/" + consentId, tokenFor(intruder)), 404, "not-found");
        assertProblem(revoke(intruder, consentId), 404, "not-found");

        assertThat(footprint(owner)).isEqualTo(before);
        assertThat(get("/v1/me/consents/" + consentId, tokenFor(owner)).json().get("status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void givenUnknownId_whenGetting_thenNotFoundProblem() {
        assertProblem(get("/v1/me/consents/no-such-id", tokenFor(newResident())), 404, "not-found");
    }

    @Test
    void givenActiveItem_whenRevoking_thenRevokedVersion2AndRevokedEventInOrder() {
        String resident = newResident();
        String consentId = grant(resident, "aizu-vaccine-notebook", "vaccination-records", "notification")
                .json().get("consentId").asString();

        Answer revoked = revoke(resident, consentId);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("REVOKED");
        assertThat(revoked.json().get("version").asInt()).isEqualTo(2);
        assertThat(revoked.json().get("revokedAt").asString()).isNotBlank();
        List<ConsumerRecord<String, String>> events = awaitEvents(keyIs(resident + "/" + consentId), 2);
        assertThat(events).extracting(r -> JSON.readTree(r.value()).get("eventType").asString())
                .containsExactly("CONSENT_GRANTED", "CONSENT_REVOKED");
        JsonNode revokedState = JSON.readTree(events.get(1).value()).get("consent");
        assertThat(revokedState.get("version").asInt()).isEqualTo(2);
        assertThat(revokedState.get("status").asString()).isEqualTo("REVOKED");
        assertThat(events.get(0).partition()).isEqualTo(events.get(1).partition());
    }

    @Test
    void givenRevokedItem_whenRevokingAgain_thenSameItemUnchanged() {
        String resident = newResident();
        String consentId = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();
        revoke(resident, consentId);
        List<Long> before = footprint(resident);

        Answer again = revoke(resident, consentId);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("REVOKED");
        assertThat(again.json().get("version").asInt()).isEqualTo(2);
        assertThat(footprint(resident)).isEqualTo(before);
    }

    @Test
    void givenRevokedItem_whenGrantingSameScope_thenANewItemIsCreated() {
        String resident = newResident();
        String first = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();
        revoke(resident, first);

        Answer regrant = grant(resident, "bandai-school-notice", "resident-basic", "notification");

        assertThat(regrant.status()).isEqualTo(201);
        assertThat(regrant.json().get("consentId").asString()).isNotEqualTo(first);
        JsonNode items = get("/v1/me/consents", tokenFor(resident)).json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void givenSeedsDir_whenStarted_thenSeededConsentIsListedAndPublished() {
        JsonNode items = get("/v1/me/consents", tokenFor(SEEDED_RESIDENT)).json().get("items");

        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("appId").asString()).isEqualTo("aizu-vaccine-notebook");
        String consentId = items.get(0).get("consentId").asString();
        assertThat(awaitEvents(keyIs(SEEDED_RESIDENT + "/" + consentId), 1)).hasSize(1);
    }
}
