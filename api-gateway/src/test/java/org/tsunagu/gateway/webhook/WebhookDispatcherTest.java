package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.gateway.webhook.WebhookTestData.APP;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.subject.JdbcKnownSubjects;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.json.JsonMapper;

/**
 * The dispatcher's inline first attempts (ADR 0045) against a real H2 schema (Flyway), a real
 * async HTTP client and WireMock as the apps: what is sent, what is recorded first, and what is
 * left in the table for the poller.
 */
class WebhookDispatcherTest {

    private static final WireMockServer APPS = startApps();

    /** The access-record sink seam: records in order, or refuses everything as a broker outage would. */
    private static final class Sink implements AccessRecordSink {
        final List<AccessRecord> written = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void write(AccessRecord record) {
            if (down) {
                throw new ApiProblemException(ProblemType.AUDIT_UNAVAILABLE, "broker away");
            }
            written.add(record);
        }
    }

    /** The app directory as id-service would answer it: the app's approved webhook URL, or down. */
    private static final class Apps implements AppDirectory {
        volatile String approved = APPS.baseUrl() + "/hooks";
        volatile boolean down;

        @Override
        public Set<String> declaredPurposes(String clientId) {
            return Set.of("service-provision");
        }

        @Override
        public Optional<URI> approvedWebhookUrl(String clientId) {
            if (down) {
                throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "id-service is down");
            }
            return Optional.ofNullable(approved).map(URI::create);
        }
    }

    private final Sink sink = new Sink();
    private final Apps apps = new Apps();
    private final ConsentView view = new ConsentView();
    private WebhookStore store;
    private JdbcClient jdbc;
    private final SubscriptionDirectory subscriptions = new SubscriptionDirectory();
    private JdbcKnownSubjects subjects;
    private WebhookSender sender;
    private WebhookDispatcher dispatcher;

    private static WireMockServer startApps() {
        WireMockServer apps = new WireMockServer(options().dynamicPort());
        apps.start();
        return apps;
    }

    @AfterAll
    static void stopApps() {
        APPS.stop();
    }

    @BeforeEach
    void setUp() {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:webhooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(db);
        store = new WebhookStore(jdbc);
        subjects = new JdbcKnownSubjects(jdbc);
        sender = new WebhookSender(Duration.ofSeconds(10), 8, WebhookSender.breakers(20, Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        dispatcher = new WebhookDispatcher(store, subscriptions, view, subjects, apps, sink, new DeadLetterPublisher(null, "unused") {
            @Override
            public void publish(org.tsunagu.contracts.events.WebhookDeadLetter letter) {
            }
        }, new DeliveryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(10)),
                Clock.systemUTC(), JsonMapper.builder().build(), sender, Duration.ofSeconds(1), Duration.ofDays(7), 4);
        view.markCaughtUp();
        dispatcher.start();
        APPS.resetAll();
    }

    /** The subscriptions topic has been read to its end (most tests: at once; one test: only later). */
    private void subscriptionsLoaded() {
        subscriptions.markCaughtUp();
    }

    @AfterEach
    void tearDown() {
        dispatcher.stop();
        sender.close();
    }

    private Subscription subscribe(String path, int status, int delayMillis) {
        APPS.stubFor(post(path).willReturn(aResponse().withStatus(status).withFixedDelay(delayMillis)));
        Subscription s = WebhookTestData.subscription(APPS.baseUrl() + path);
        subscriptions.read(s.id(), s, 0, 0); // as if read from the subscriptions topic
        subscriptionsLoaded();
        return s;
    }

    /** A resident whose pairwise sub the gateway knows, optionally with consent in force. */
    private String resident(boolean consented) {
        String residentId = "RID-" + UUID.randomUUID();
        subjects.remember(APP, residentId, "sub-of-" + residentId);
        if (consented) {
            view.apply(WebhookTestData.consentGranted(residentId));
        }
        return residentId;
    }

    private static List<LoggedRequest> received(String path) {
        return APPS.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void givenPendingRowsAfterARestart_whenTheSubscriptionsAreNotLoadedYet_thenNothingIsSkipped_andTheyGoOutOnceLoaded() {
        // a restarted gateway: the table holds a due delivery from before, the subscriptions topic is still being read
        APPS.stubFor(post("/after-restart").willReturn(aResponse().withStatus(204)));
        Subscription s = WebhookTestData.subscription(APPS.baseUrl() + "/after-restart");
        Delivery d = WebhookTestData.due(s, resident(true));
        store.insertAll(List.of(d));
        dispatcher.nudge();

        // the poller must not take "not loaded yet" for "deleted" (that skipped the delivery for good)
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> store.delivery(d.id()).map(Delivery::status).orElse(null) == Delivery.Status.PENDING);
        assertThat(received("/after-restart")).isEmpty();

        subscriptions.read(s.id(), s, 0, 0);
        subscriptionsLoaded();
        dispatcher.nudge();

        await().atMost(Duration.ofSeconds(10)).until(() -> received("/after-restart").size() == 1);
        assertThat(received("/after-restart").get(0).getHeader("webhook-id")).isEqualTo(d.id());
    }

    @Test
    void givenConsent_whenDelivered_thenSentOnceSignedAfterItsRecord_andNothingIsStored() {
        Subscription s = subscribe("/ok", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));

        dispatcher.deliver(List.of(d, d), Map.of(s.id(), s)); // the same event twice in one poll

        assertThat(received("/ok")).hasSize(1);
        LoggedRequest request = received("/ok").get(0);
        assertThat(request.getHeader("webhook-id")).isEqualTo(d.id());
        assertThat(request.getHeader("webhook-signature")).isEqualTo(WebhookSigner.sign(s.secret(), d.id(),
                Long.parseLong(request.getHeader("webhook-timestamp")), request.getBodyAsString()));
        assertThat(sink.written).singleElement().satisfies(r -> {
            assertThat(r.getDecision()).isEqualTo(AccessRecord.DecisionEnum.ALLOWED);
            assertThat(r.getCorrelationId()).isEqualTo(d.id());
            assertThat(r.getSubject()).isEqualTo("sub-of-" + d.residentId());
        });
        assertThat(store.delivery(d.id())).as("a delivered first attempt leaves no row").isEmpty();
    }

    @Test
    void givenTheOperatorWithdrewTheAppsWebhookUrl_whenDelivered_thenNothingSent_aDeniedRecord_andNoRow() {
        Subscription s = subscribe("/withdrawn", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));
        apps.approved = null;

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/withdrawn")).isEmpty();
        assertThat(sink.written).singleElement().satisfies(r -> {
            assertThat(r.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
            assertThat(r.getReason()).isEqualTo("webhook-url-not-approved");
            assertThat(r.getSubject()).isNull();
        });
        assertThat(store.delivery(d.id())).isEmpty();
    }

    @Test
    void givenTheAppsApprovedUrlMovedToAnotherPort_whenDelivered_thenNothingGoesToTheOldOne() {
        Subscription s = subscribe("/moved", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));
        apps.approved = "http://127.0.0.1:" + (APPS.port() == 65535 ? 65534 : APPS.port() + 1) + "/hooks";

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/moved")).isEmpty();
        assertThat(sink.written).singleElement()
                .satisfies(r -> assertThat(r.getReason()).isEqualTo("webhook-url-not-approved"));
    }

    @Test
    void givenTheAppDirectoryIsDown_whenDelivered_thenNothingSent_andTheDeliveryWaits_untilItAnswers() {
        Subscription s = subscribe("/directory-down", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));
        apps.down = true;

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/directory-down")).isEmpty();
        assertThat(sink.written).as("no decision was made, so none is recorded").isEmpty();
        assertThat(store.delivery(d.id())).get().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).as("not the app's fault: no attempt counted").isZero();
        });

        apps.down = false;
        // the retry is due a base back-off (1 min here) later; bring it forward instead of waiting
        jdbc.sql("update webhook_delivery set next_attempt_at = ? where id = ?")
                .params(Timestamp.from(Instant.now()), d.id()).update();
        dispatcher.nudge();
        await().atMost(Duration.ofSeconds(10)).until(() -> received("/directory-down").size() == 1);
    }

    @Test
    void givenNoConsent_whenDelivered_thenNothingSent_aDeniedRecord_andNoRow() {
        Subscription s = subscribe("/denied", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(false));

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/denied")).isEmpty();
        assertThat(sink.written).singleElement().satisfies(r -> {
            assertThat(r.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
            assertThat(r.getReason()).isEqualTo("consent-required");
        });
        assertThat(store.delivery(d.id())).isEmpty();
    }

    @Test
    void givenTheAccessRecordCannotBeWritten_whenDelivered_thenNothingLeaves_andTheDeliveryWaitsInTheTable() {
        Subscription s = subscribe("/audit-down", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));
        sink.down = true;

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/audit-down")).isEmpty();
        assertThat(store.delivery(d.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isZero();
            assertThat(row.lastError()).isEqualTo("audit-unavailable");
        });
    }

    @Test
    void givenAnAppHostThatKeptFailing_whenItsBreakerIsOpen_thenNoRequestAndNoAccessRecord_butAnAttemptForLater() {
        Subscription s = subscribe("/down", 503, 0);
        for (int i = 0; i < 10; i++) { // half the window of 20: enough for the breaker to judge
            dispatcher.deliver(List.of(WebhookTestData.due(s, resident(true))), Map.of(s.id(), s));
        }
        assertThat(received("/down")).hasSize(10);
        assertThat(sink.written).hasSize(10);
        assertThat(sender.isPaused(s.url())).isTrue();
        Delivery d = WebhookTestData.due(s, resident(true));

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/down")).as("no request to a paused host").hasSize(10);
        assertThat(sink.written).as("nothing left, so nothing to record").hasSize(10);
        assertThat(store.delivery(d.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.lastError()).isEqualTo(WebhookSender.CIRCUIT_OPEN);
            assertThat(row.nextAttemptAt()).isAfter(Instant.now().plusSeconds(20));
        });
    }

    @Test
    void givenAFailingApp_whenDelivered_thenStoredForARetryWithBackoff() {
        Subscription s = subscribe("/failing", 500, 0);
        Delivery d = WebhookTestData.due(s, resident(true));

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/failing")).hasSize(1);
        assertThat(store.delivery(d.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.lastError()).isEqualTo("HTTP 500");
            assertThat(row.nextAttemptAt()).isAfter(Instant.now().plusSeconds(20)); // 50-100 % of one minute
        });

        dispatcher.deliver(List.of(d), Map.of(s.id(), s)); // the event replayed: the table has it, no new attempt

        assertThat(received("/failing")).hasSize(1);
    }

    @Test
    void givenASlowApp_whenTheInlineBudgetRunsOut_thenStoredInFlight_andItsAnswerIsStoredWhenItComes() {
        Subscription s = subscribe("/slow", 204, 4000);
        Delivery d = WebhookTestData.due(s, resident(true));

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(store.delivery(d.id())).as("stored while the request is still out").hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.lastError()).isEqualTo("in flight");
            assertThat(row.nextAttemptAt()).isAfter(Instant.now().plusSeconds(10)); // not retried before its timeout
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> store.delivery(d.id())
                .map(row -> row.status() == Delivery.Status.DELIVERED).orElse(false));
        assertThat(store.delivery(d.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(received("/slow")).hasSize(1);
    }

    @Test
    void givenTheDispatcherIsStopped_whenDelivered_thenOnlyStoredForLater() {
        Subscription s = subscribe("/later", 204, 0);
        Delivery d = WebhookTestData.due(s, resident(true));
        dispatcher.stop();

        dispatcher.deliver(List.of(d), Map.of(s.id(), s));

        assertThat(received("/later")).isEmpty();
        assertThat(store.delivery(d.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isZero();
        });
        dispatcher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> received("/later").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.delivery(d.id())
                .map(row -> row.status() == Delivery.Status.DELIVERED).orElse(false));
    }
}
