package org.tsunagu.audit.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.audit.AuditSpringTest;
import org.tsunagu.audit.TestTokens;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.AccessRecord;

import tools.jackson.databind.JsonNode;

class AccessLogIngestTest extends AuditSpringTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private static String newResident() {
        return "RID-" + UUID.randomUUID();
    }

    private static AccessRecord record(String residentId, OffsetDateTime at) {
        return new AccessRecord(UUID.randomUUID(), at, residentId, "app-kenko", "vaccination-records",
                AccessRecord.DecisionEnum.ALLOWED, "granted", AccessRecord.ChannelEnum.API_READ)
                .purpose("service-provision")
                .consentId("C-1")
                .subject("pairwise-sub")
                .correlationId("corr-1");
    }

    private void publish(AccessRecord record) {
        send(Topics.ACCESS_RECORDS, record.getResidentId(), JSON.writeValueAsString(record));
    }

    private List<String> recordIdsOf(String residentId) {
        HttpResponse<String> response = httpGet("/v1/me/access-log", TestTokens.resident(issuer(), residentId));
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).path("items").forEach(item -> ids.add(item.path("recordId").asString()));
        return ids;
    }

    @Test
    void givenRecordsOnTheTopic_whenResidentReadsLog_thenOwnRecordsNewestFirst() {
        String resident = newResident();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        AccessRecord older = record(resident, now.minusMinutes(5));
        AccessRecord newer = record(resident, now).decision(AccessRecord.DecisionEnum.DENIED)
                .reason("consent-required").consentId(null);

        publish(older);
        publish(newer);

        await().atMost(BOUND).untilAsserted(() -> assertThat(recordIdsOf(resident))
                .containsExactly(newer.getRecordId().toString(), older.getRecordId().toString()));
        JsonNode first = json(httpGet("/v1/me/access-log", TestTokens.resident(issuer(), resident)))
                .path("items").get(0);
        assertThat(first.path("appId").asString()).isEqualTo("app-kenko");
        assertThat(first.path("category").asString()).isEqualTo("vaccination-records");
        assertThat(first.path("purpose").asString()).isEqualTo("service-provision");
        assertThat(first.path("decision").asString()).isEqualTo("DENIED");
        assertThat(first.path("reason").asString()).isEqualTo("consent-required");
        assertThat(first.path("correlationId").asString()).isEqualTo("corr-1");
        assertThat(OffsetDateTime.parse(first.path("occurredAt").asString()).toInstant()).isEqualTo(now.toInstant());
    }

    @Test
    void givenSameRecordTwice_whenIngested_thenStoredOnce() {
        String resident = newResident();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AccessRecord twice = record(resident, now.minusMinutes(1));
        AccessRecord marker = record(resident, now);

        publish(twice);
        publish(twice);
        publish(marker); // same key, same partition: once it is stored, both copies before it were handled

        await().atMost(BOUND).until(() -> recordIdsOf(resident).contains(marker.getRecordId().toString()));
        assertThat(recordIdsOf(resident))
                .containsExactly(marker.getRecordId().toString(), twice.getRecordId().toString());
    }

    @Test
    void givenRecordsOfTwoResidents_whenEachReadsLog_thenNeitherSeesTheOther() {
        String a = newResident();
        String b = newResident();
        AccessRecord ofA = record(a, OffsetDateTime.now(ZoneOffset.UTC));
        AccessRecord ofB = record(b, OffsetDateTime.now(ZoneOffset.UTC));

        publish(ofA);
        publish(ofB);

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(recordIdsOf(a)).containsExactly(ofA.getRecordId().toString());
            assertThat(recordIdsOf(b)).containsExactly(ofB.getRecordId().toString());
        });
    }

    @Test
    void givenPoisonMessages_whenIngested_thenLaterRecordsStillArrive() {
        String resident = newResident();
        AccessRecord good = record(resident, OffsetDateTime.now(ZoneOffset.UTC));

        send(Topics.ACCESS_RECORDS, resident, "this is not json");
        send(Topics.ACCESS_RECORDS, resident, "{\"recordId\": \"not-a-uuid\", \"decision\": \"MAYBE\"}");
        send(Topics.ACCESS_RECORDS, resident, "{\"appId\": \"incomplete\"}");
        send(Topics.ACCESS_RECORDS, resident, "null");
        publish(good);

        await().atMost(BOUND).untilAsserted(() ->
                assertThat(recordIdsOf(resident)).containsExactly(good.getRecordId().toString()));
    }

    @Test
    void givenLimit_whenResidentReadsLog_thenAtMostThatManyNewestRecords() {
        String resident = newResident();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AccessRecord older = record(resident, now.minusMinutes(1));
        AccessRecord newer = record(resident, now);
        publish(older);
        publish(newer);
        await().atMost(BOUND).until(() -> recordIdsOf(resident).size() == 2);

        HttpResponse<String> response = httpGet("/v1/me/access-log?limit=1", TestTokens.resident(issuer(), resident));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("items").size()).isEqualTo(1);
        assertThat(json(response).path("items").get(0).path("recordId").asString())
                .isEqualTo(newer.getRecordId().toString());
    }

    @Test
    void givenNoRecords_whenResidentReadsLog_thenEmptyItems() {
        assertThat(recordIdsOf(newResident())).isEmpty();
    }
}
