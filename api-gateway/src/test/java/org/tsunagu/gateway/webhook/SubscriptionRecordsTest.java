package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the subscriptions topic holds and what the loader makes of it (ADR 0049): the secret
 * sealed, never in clear; records from before sealing still load; a seal that does not open
 * here (another hub's key, or copied from another subscription) loads nothing.
 */
class SubscriptionRecordsTest {

    private static final String TOPIC = "tsunagu.webhook-subscriptions.v1";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String SECRET = "whsec_YXBwLW9uZS1zaWduaW5nLXNlY3JldC0zMi1ieXRlcyE=";

    private final SecretSeal seal = new SecretSeal("k1", Map.of("k1", SecretSealTest.key()));
    private final SubscriptionDirectory directory = new SubscriptionDirectory();
    private final SubscriptionDirectoryLoader loader = new SubscriptionDirectoryLoader(TOPIC, () -> {
        throw new IllegalStateException("not started in this test");
    }, directory, JSON, seal, () -> { });
    private long offset;

    private static Subscription subscription(String id) {
        return new Subscription(id, "app-one", "vaccination-due", "https://app.example/hook", "service-provision",
                SECRET, Instant.parse("2026-11-22T10:00:00Z"));
    }

    private void read(String id, String value) {
        loader.apply(new ConsumerRecord<>(TOPIC, 0, offset++, id, value));
    }

    @Test
    void givenASubscription_whenWrittenForTheTopic_thenItsSecretIsSealed_andTheLoaderOpensIt() {
        String value = JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-1"), seal));

        read("sub-1", value);

        assertThat(value).doesNotContain(SECRET).contains("\"sealedSecret\":\"ey").doesNotContain("\"secret\"");
        assertThat(directory.byId("sub-1")).contains(subscription("sub-1"));
    }

    @Test
    void givenARecordFromBeforeSealing_whenRead_thenTheSubscriptionLoadsWithItsSecret() {
        String legacy = JSON.writeValueAsString(subscription("sub-old")); // the pre-ADR 0049 value: the record as is

        read("sub-old", legacy);

        assertThat(directory.byId("sub-old")).contains(subscription("sub-old"));
    }

    @Test
    void givenASealThatDoesNotOpenHere_whenRead_thenThatSubscriptionDoesNotLoad() {
        SecretSeal otherHub = new SecretSeal("k1", Map.of("k1", SecretSealTest.key()));
        read("sub-2", JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-2"), otherHub)));
        read("sub-3", JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-3"), seal)));
        // sub-3's sealed secret copied into a record for sub-4
        SubscriptionRecord sealedFor3 = SubscriptionRecord.sealed(subscription("sub-3"), seal);
        read("sub-4", JSON.writeValueAsString(new SubscriptionRecord("sub-4", "app-two", "vaccination-due",
                "https://attacker.example/hook", "service-provision", sealedFor3.sealedSecret(), null,
                Instant.now())));

        assertThat(directory.byId("sub-2")).isEmpty();
        assertThat(directory.byId("sub-4")).isEmpty();
        assertThat(directory.byId("sub-3")).contains(subscription("sub-3"));
        assertThat(directory.size()).isEqualTo(1);
        assertThat(loader.unopenable()).containsExactly("sub-2", "sub-4");
        assertThat(new SubscriptionDirectoryHealthIndicator(directory, loader).health().getDetails())
                .containsEntry("unopenable", 2);
    }

    @Test
    void givenAServedSubscription_whenItsNextRecordDoesNotOpen_thenItIsNoLongerServed_untilARecordThatOpens() {
        SecretSeal otherHub = new SecretSeal("k1", Map.of("k1", SecretSealTest.key()));
        read("sub-5", JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-5"), seal)));
        assertThat(directory.byId("sub-5")).isPresent();

        read("sub-5", JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-5"), otherHub)));

        assertThat(directory.byId("sub-5")).as("not the earlier version either: it is no longer current").isEmpty();
        assertThat(loader.unopenable()).containsExactly("sub-5");

        read("sub-5", JSON.writeValueAsString(SubscriptionRecord.sealed(subscription("sub-5"), seal)));

        assertThat(directory.byId("sub-5")).contains(subscription("sub-5"));
        assertThat(loader.unopenable()).isEmpty();
    }
}
