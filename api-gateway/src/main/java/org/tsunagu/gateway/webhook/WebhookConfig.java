package org.tsunagu.gateway.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.FixedBackOff;
import org.tsunagu.contracts.events.WebhookDeadLetter;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.kafka.BoundedDurableProducer;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.subject.KnownSubjects;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires events to apps: topics, the subscription directory (compacted topic, loader, publisher,
 * readiness), the municipal-event consumer, the store and the dispatcher.
 */
@Configuration
@EnableConfigurationProperties(WebhookConfig.SecretSealProperties.class)
public class WebhookConfig {

    @Bean
    NewTopic municipalEventsTopic(@Value("${tsunagu.municipal-events.topic}") String topic) {
        return TopicBuilder.name(topic).partitions(3).config(TopicConfig.RETENTION_MS_CONFIG, "604800000").build();
    }

    @Bean
    NewTopic webhookDeadLettersTopic(@Value("${tsunagu.webhooks.dead-letter-topic}") String topic) {
        return TopicBuilder.name(topic).partitions(3).config(TopicConfig.RETENTION_MS_CONFIG, "2592000000").build();
    }

    @Bean
    NewTopic webhookSubscriptionsTopic(@Value("${tsunagu.webhook-subscriptions.topic}") String topic) {
        return TopicBuilder.name(topic).partitions(3)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
    }

    /**
     * Seals subscription secrets in the topic (ADR 0049). Every gateway instance needs the same
     * keys; the embedded hub's development key is only for the embedded hub.
     */
    @Bean
    SecretSeal secretSeal(SecretSealProperties properties) {
        SecretSeal seal = new SecretSeal(properties.keyId(), properties.keys());
        if (seal.currentKeyId().startsWith("dev-")) {
            LoggerFactory.getLogger(WebhookConfig.class).warn("Webhook secrets are sealed with the development key "
                    + "'{}'; set tsunagu.webhooks.secret-seal.* to keys of your own outside the embedded hub",
                    seal.currentKeyId());
        }
        return seal;
    }

    /** {@code tsunagu.webhooks.secret-seal}: the current key id, and every key id → 32 bytes in Base64. */
    @ConfigurationProperties("tsunagu.webhooks.secret-seal")
    record SecretSealProperties(String keyId, Map<String, String> keys) {
    }

    @Bean
    SubscriptionDirectory subscriptionDirectory() {
        return new SubscriptionDirectory();
    }

    @Bean
    SubscriptionPublisher subscriptionPublisher(KafkaProperties kafka, SubscriptionDirectory directory, SecretSeal seal,
            @Value("${tsunagu.webhook-subscriptions.topic}") String topic,
            @Value("${tsunagu.webhook-subscriptions.max-block:2s}") Duration maxBlock,
            @Value("${tsunagu.webhook-subscriptions.request-timeout:2s}") Duration requestTimeout,
            @Value("${tsunagu.webhook-subscriptions.delivery-timeout:3s}") Duration deliveryTimeout) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.putAll(subscriptionProducerSettings(maxBlock, requestTimeout, deliveryTimeout));
        return new SubscriptionPublisher(subscriptionTemplate(props), topic, maxBlock.plus(deliveryTimeout).plusMillis(500),
                directory, mapper(), seal);
    }

    /** Durable, idempotent, bounded in time: a create answers 503 within ~5 s rather than hang. */
    static Map<String, Object> subscriptionProducerSettings(Duration maxBlock, Duration requestTimeout,
            Duration deliveryTimeout) {
        return BoundedDurableProducer.settings("api-gateway-webhook-subscriptions", maxBlock, requestTimeout,
                deliveryTimeout);
    }

    static KafkaTemplate<String, String> subscriptionTemplate(Map<String, Object> props) {
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, String>(props,
                new StringSerializer(), new StringSerializer()));
        // the default listener logs the whole record on failure, and a subscription's record holds its secret
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    /**
     * Replays the subscriptions topic into the directory (no group: full replay on every start)
     * and starts the municipal-event consumers once it has caught up.
     */
    @Bean
    SubscriptionDirectoryLoader subscriptionDirectoryLoader(KafkaProperties kafka, SubscriptionDirectory directory,
            SecretSeal seal,
            @Value("${tsunagu.webhook-subscriptions.topic}") String topic,
            ConcurrentMessageListenerContainer<String, String> municipalEventsContainer) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-subscription-directory");
        // only the NewTopic above may create it: an auto-created topic would be neither compacted nor 3 partitions
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new SubscriptionDirectoryLoader(topic,
                () -> new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()), directory,
                mapper(), seal, municipalEventsContainer::start);
    }

    /** Contributes as {@code subscriptionDirectory} to health and to the readiness group. */
    @Bean
    SubscriptionDirectoryHealthIndicator subscriptionDirectoryHealthIndicator(SubscriptionDirectory directory,
            SubscriptionDirectoryLoader loader) {
        return new SubscriptionDirectoryHealthIndicator(directory, loader);
    }

    @Bean
    WebhookStore webhookStore(JdbcClient jdbc) {
        return new WebhookStore(jdbc);
    }

    /**
     * Closed by Spring at shutdown, after the dispatcher has stopped. A circuit breaker per app host;
     * connections only to public addresses, or private ones too with {@code allow-private-addresses}
     * (apps on a municipality's own network), and loopback for loopback-named hosts (ADR 0053).
     */
    @Bean
    WebhookSender webhookSender(@Value("${tsunagu.webhooks.timeout:5s}") Duration timeout,
            @Value("${tsunagu.webhooks.max-connections-per-host:64}") int maxConnectionsPerHost,
            @Value("${tsunagu.webhooks.circuit-breaker.window:20}") int window,
            @Value("${tsunagu.webhooks.circuit-breaker.open-for:30s}") Duration openFor,
            @Value("${tsunagu.webhooks.allow-private-addresses:false}") boolean allowPrivateAddresses) {
        return new WebhookSender(timeout, maxConnectionsPerHost, WebhookSender.breakers(window, openFor, timeout),
                new WebhookAddressPolicy(org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE,
                        allowPrivateAddresses));
    }

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookStore store, SubscriptionDirectory directory, ConsentView view,
            KnownSubjects subjects, AppDirectory apps, AccessRecordSink audit, KafkaProperties kafka, Clock clock,
            WebhookSender sender,
            @Value("${tsunagu.webhooks.inline-budget:500ms}") Duration inlineBudget,
            @Value("${tsunagu.webhooks.keep-finished:7d}") Duration keepFinished,
            @Value("${tsunagu.webhooks.dead-letter-topic}") String deadLetterTopic,
            @Value("${tsunagu.webhooks.max-attempts:8}") int maxAttempts,
            @Value("${tsunagu.webhooks.base-backoff:1s}") Duration baseBackoff,
            @Value("${tsunagu.webhooks.max-backoff:10m}") Duration maxBackoff,
            @Value("${tsunagu.webhooks.timeout:5s}") Duration timeout,
            @Value("${tsunagu.webhooks.senders:16}") int senders) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put("client.id", "api-gateway-dead-letters");
        var template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, WebhookDeadLetter>(props,
                new StringSerializer(), new JacksonJsonSerializer<WebhookDeadLetter>().noTypeInfo()));
        return new WebhookDispatcher(store, directory, view, subjects, apps, audit,
                new DeadLetterPublisher(template, deadLetterTopic),
                new DeliveryPolicy(maxAttempts, baseBackoff, maxBackoff, timeout), clock, mapper(), sender, inlineBudget,
                keepFinished, senders);
    }

    @Bean
    MunicipalEventIntake municipalEventIntake(SubscriptionDirectory directory, WebhookDispatcher dispatcher,
            Clock clock) {
        return new MunicipalEventIntake(directory, dispatcher, mapper(), clock);
    }

    /**
     * Consumer group {@code api-gateway-webhooks}, a batch listener, one consumer per partition
     * (three): the offsets of a poll are committed only after each of its deliveries was either
     * settled by its first attempt or stored (one H2 transaction), so a restart loses no event;
     * one replayed after a crash is attempted again under the same webhook-id. If the store
     * fails, the same batch is retried (every second, without end) rather than skipped. Not
     * started with the context: the subscription directory's loader starts it once the directory
     * has caught up, so no event is matched against a half-loaded directory (ADR 0047).
     */
    @Bean
    ConcurrentMessageListenerContainer<String, String> municipalEventsContainer(KafkaProperties kafka,
            @Value("${tsunagu.municipal-events.topic}") String topic,
            @Value("${tsunagu.webhooks.intake-consumers:3}") int consumers,
            @Value("${tsunagu.webhooks.intake-fetch-min-bytes:1}") int fetchMinBytes,
            @Value("${tsunagu.webhooks.intake-fetch-max-wait:500ms}") Duration fetchMaxWait,
            MunicipalEventIntake intake) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "api-gateway-webhooks");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-municipal-events");
        // fetch.min.bytes 1: the broker answers a fetch as soon as an event is there, so no event waits
        // for a fuller poll; under load polls fill by themselves while the previous one is handled. A larger
        // minimum needs a short fetch.max.wait.ms, and then every idle consumer asks the broker hundreds of
        // times a second (ADR 0048)
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis());
        // a crashed instance's partitions go to the others (or to it, restarted) after 10 s, not the default 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        var factory = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer());
        ContainerProperties container = new ContainerProperties(topic);
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        // async: the next poll does not wait for the broker to confirm this one's offsets. A commit that
        // fails is covered by the next; after a crash the uncommitted polls are delivered again under the
        // same webhook-ids (at-least-once, as with a sync commit that the crash interrupts)
        container.setSyncCommits(false);
        container.setMessageListener((BatchMessageListener<String, String>) intake::onRecords);
        var listeners = new ConcurrentMessageListenerContainer<>(factory, container);
        listeners.setConcurrency(consumers);
        listeners.setAutoStartup(false);
        listeners.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
        return listeners;
    }

    /** One mapper for the webhook beans: unknown fields in events and subscription records are ignored. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static JsonMapper mapper() {
        return MAPPER;
    }
}
