package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.gateway.webhook.WebhookTestData.APP;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.WebhookDeadLetter;
import org.tsunagu.gateway.SharedDatabase;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.subject.JdbcKnownSubjects;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import tools.jackson.databind.json.JsonMapper;

/**
 * Two whole dispatchers (each with its own store and connections, consent view, subscription
 * directory, known subjects and HTTP client) over one shared database, WireMock as the app:
 * what is due is sent once, by whichever instance claims it, and what an instance claimed and
 * never settled is sent by the other once its lease is over.
 */
class WebhookDispatchersAcrossInstancesTest {

    private static final WireMockServer APPS = startApps();

    private static WireMockServer startApps() {
        WireMockServer apps = new WireMockServer(options().dynamicPort());
        apps.start();
        return apps;
    }

    @AfterAll
    static void stopApps() {
        APPS.stop();
    }

    /** One gateway instance's webhook parts. */
    private static final class Instance {
        final List<AccessRecord> recorded = new CopyOnWriteArrayList<>();
        final ConsentView view = new ConsentView();
        final SubscriptionDirectory subscriptions = new SubscriptionDirectory();
        final WebhookStore store;
        final JdbcKnownSubjects subjects;
        final WebhookSender sender = new WebhookSender(Duration.ofSeconds(10), 8, WebhookSender.breakers(20,
                Duration.ofSeconds(30), Duration.ofSeconds(10)));
        final WebhookDispatcher dispatcher;

        Instance(SharedDatabase db) {
            JdbcClient jdbc = JdbcClient.create(db.instance());
            store = new WebhookStore(jdbc);
            subjects = new JdbcKnownSubjects(jdbc);
            AccessRecordSink sink = recorded::add;
            dispatcher = new WebhookDispatcher(store, subscriptions, view, subjects,
                    new FixedApps(Set.of("service-provision"), APPS.baseUrl() + "/hooks"), sink,
                    new DeadLetterPublisher(null, "unused") {
                        @Override
                        public void publish(WebhookDeadLetter letter) {
                        }
                    }, new DeliveryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(10)),
                    Clock.systemUTC(), JsonMapper.builder().build(), sender, Duration.ofSeconds(1), Duration.ofDays(7),
                    4);
            view.markCaughtUp();
            subscriptions.markCaughtUp();
        }

        void stop() {
            dispatcher.stop();
            sender.close();
        }
    }

    private SharedDatabase db;
    private final List<Instance> instances = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = new SharedDatabase();
        APPS.resetAll();
    }

    @AfterEach
    void tearDown() {
        instances.forEach(Instance::stop);
        db.close();
    }

    private Instance instance() {
        Instance instance = new Instance(db);
        instances.add(instance);
        return instance;
    }

    /** The app's subscription, as every instance has read it from the subscriptions topic. */
    private Subscription subscribe(String path) {
        APPS.stubFor(post(path).willReturn(aResponse().withStatus(204)));
        Subscription s = WebhookTestData.subscription(APPS.baseUrl() + path);
        instances.forEach(i -> i.subscriptions.read(s.id(), s, 0, 0));
        return s;
    }

    /** A resident with consent in force (in every instance's view) whose sub one instance has seen. */
    private String consentedResident() {
        String residentId = "RID-" + UUID.randomUUID();
        instances.get(0).subjects.remember(APP, residentId, "sub-of-" + residentId);
        ConsentEvent granted = WebhookTestData.consentGranted(residentId);
        instances.forEach(i -> i.view.apply(granted));
        return residentId;
    }

    private static List<LoggedRequest> received(String path) {
        return APPS.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private boolean delivered(Delivery d) {
        return instances.get(0).store.delivery(d.id()).map(row -> row.status() == Delivery.Status.DELIVERED)
                .orElse(false);
    }

    @Test
    void givenTwoInstancesPollingOneTable_whenManyDeliveriesAreDue_thenEachIsSentOnce_andDeliveredOnce() {
        Instance a = instance();
        Instance b = instance();
        Subscription s = subscribe("/shared");
        List<Delivery> rows = IntStream.range(0, 100).mapToObj(i -> WebhookTestData.due(s, consentedResident())).toList();
        a.store.insertAll(rows);

        a.dispatcher.start();
        b.dispatcher.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> rows.stream().allMatch(this::delivered));
        assertThat(received("/shared")).extracting(r -> r.getHeader("webhook-id")).as("each sent once")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(rows.stream().map(Delivery::id).toList());
        assertThat(a.recorded.size() + b.recorded.size()).as("one access record per request").isEqualTo(100);
        rows.forEach(d -> assertThat(a.store.delivery(d.id()).orElseThrow().attempts()).isEqualTo(1));
    }

    @Test
    void givenARowClaimedByAnInstanceThatDied_whenItsLeaseIsOver_thenTheOtherInstanceSendsItUnderTheSameId() {
        Instance survivor = instance();
        Subscription s = subscribe("/after-lease");
        Delivery d = WebhookTestData.due(s, consentedResident());
        survivor.store.insertAll(List.of(d));
        // the instance that died claimed it a moment ago (its lease is short here) and never stored an outcome
        Delivery seen = survivor.store.due(Instant.now(), 200).get(0);
        Instant leaseEnd = Instant.now().plusSeconds(2);
        assertThat(new WebhookStore(JdbcClient.create(db.instance())).claim(seen, Instant.now(), leaseEnd))
                .isPresent();

        survivor.dispatcher.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> delivered(d));
        assertThat(received("/after-lease")).singleElement().satisfies(request -> {
            assertThat(request.getHeader("webhook-id")).isEqualTo(d.id());
            assertThat(request.getLoggedDate().toInstant()).as("not before the lease was over")
                    .isAfterOrEqualTo(leaseEnd.truncatedTo(ChronoUnit.MILLIS));
        });
    }
}
