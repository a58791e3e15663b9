package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The in-memory directory: its three indexes, tombstones, and this instance's writes ahead of its loader. */
class SubscriptionDirectoryTest {

    private final SubscriptionDirectory directory = new SubscriptionDirectory();

    private static Subscription subscription(String id, String app, String eventType, Instant createdAt) {
        return new Subscription(id, app, eventType, "https://app.example/" + id, "service-provision",
                "whsec_" + id, createdAt);
    }

    @Test
    void givenRecordsAndATombstone_whenRead_thenIndexedByIdEventTypeAndAppWithoutTheDeletedOne() {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        Subscription a = subscription("sub-a", "app-one", "vaccination-due", t.plusSeconds(2));
        Subscription b = subscription("sub-b", "app-one", "address-changed", t.plusSeconds(1));
        Subscription c = subscription("sub-c", "app-two", "vaccination-due", t);

        directory.read(a.id(), a, 0, 0);
        directory.read(b.id(), b, 1, 0);
        directory.read(c.id(), c, 2, 0);
        directory.read(c.id(), null, 2, 1);

        assertThat(directory.byId("sub-a")).contains(a);
        assertThat(directory.byId("sub-c")).isEmpty();
        assertThat(directory.byEventType("vaccination-due")).containsExactly(a);
        assertThat(directory.byApp("app-one")).as("oldest first").containsExactly(b, a);
        assertThat(directory.byApp("app-two")).isEmpty();
        assertThat(directory.size()).isEqualTo(2);
    }

    @Test
    void givenADeleteWrittenHere_whenTheLoaderReadsTheOlderCreate_thenTheSubscriptionDoesNotReappear() {
        Subscription s = subscription("sub-x", "app-one", "vaccination-due", Instant.now());
        directory.written(s.id(), s, 1, 10);
        directory.written(s.id(), null, 1, 11);

        directory.read(s.id(), s, 1, 10); // the loader is still behind the delete

        assertThat(directory.byId(s.id())).isEmpty();
        assertThat(directory.byEventType("vaccination-due")).isEmpty();

        directory.read(s.id(), null, 1, 11); // the loader reaches the tombstone
        Subscription again = subscription("sub-x", "app-one", "vaccination-due", Instant.now());
        directory.read(again.id(), again, 1, 12); // and a later record applies again
        assertThat(directory.byId(s.id())).contains(again);
    }

    @Test
    void givenACreateWrittenHere_whenTheLoaderReadsTheSameRecord_thenNothingChangesTwice() {
        Subscription s = subscription("sub-y", "app-one", "vaccination-due", Instant.now());
        directory.written(s.id(), s, 2, 5);

        directory.read(s.id(), s, 2, 5);

        assertThat(directory.byEventType("vaccination-due")).containsExactly(s);
        assertThat(directory.byApp("app-one")).containsExactly(s);
    }

    @Test
    void givenASubscription_whenWrittenAsTheTopicValueAndReadBack_thenEqual() {
        JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Subscription s = subscription("sub-z", "app-one", "vaccination-due", Instant.parse("2026-11-22T10:00:00.123Z"));

        String json = mapper.writeValueAsString(s);

        assertThat(json).contains("\"createdAt\":\"2026-11-22T10:00:00.123Z\"", "\"secret\":\"whsec_sub-z\"");
        assertThat(mapper.readValue(json, Subscription.class)).isEqualTo(s);
    }
}
