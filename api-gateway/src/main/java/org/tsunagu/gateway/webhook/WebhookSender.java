package org.tsunagu.gateway.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends signed webhook requests without a thread per request: Apache HttpClient 5's async
 * client (one I/O thread, non-blocking), a pool of keep-alive connections per app host, no
 * redirects (a webhook URL that redirects is an error, not a hop to somewhere else), no
 * automatic retries (the dispatcher decides), the answer's body read and thrown away. Each
 * request is bounded by {@code timeout} for connecting and for the answer.
 *
 * <p>A Resilience4j circuit breaker per app host ({@code scheme://host:port}): when most recent
 * requests to a host failed (refused, timed out, 5xx) or were slow, further requests to it are
 * not made for a while and complete at once as failed ({@code circuit open}), so the dispatcher
 * reschedules them with backoff as usual (and, having asked {@link #isPaused} first, writes no
 * access record for them). One app that is down or hanging then no longer holds
 * every poll for the dispatcher's inline budget, which would slow deliveries to all other apps.
 * A 4xx is an answer (the app is there), not a failure.
 */
public class WebhookSender implements AutoCloseable {

    static final String CIRCUIT_OPEN = "circuit open";

    private final CloseableHttpAsyncClient client;
    private final CircuitBreakerRegistry breakers;

    /**
     * Breakers that open when at least half of the last {@code window} requests to a host (at least
     * half a window of them) failed or took longer than half the timeout; they stay open for
     * {@code openFor}, then let 3 trial requests through.
     */
    public static CircuitBreakerRegistry breakers(int window, Duration openFor, Duration timeout) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.max(1, window / 2))
                .failureRateThreshold(50)
                .slowCallDurationThreshold(timeout.dividedBy(2))
                .slowCallRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(3)
                // half-open on its own after the wait: the dispatcher asks isPaused() before an attempt and
                // makes none while open, so no call would ever move it on
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
    }

    /** Delivers to public addresses only (and loopback for loopback-named hosts): see {@link WebhookAddressPolicy}. */
    public WebhookSender(Duration timeout, int maxConnectionsPerHost, CircuitBreakerRegistry breakers) {
        this(timeout, maxConnectionsPerHost, breakers, new WebhookAddressPolicy(SystemDefaultDnsResolver.INSTANCE, false));
    }

    WebhookSender(Duration timeout, int maxConnectionsPerHost, CircuitBreakerRegistry breakers, DnsResolver addresses) {
        this.breakers = breakers;
        Timeout bound = Timeout.of(timeout);
        this.client = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true)
                        .setSoTimeout(bound).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(addresses)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(bound)
                                .setSocketTimeout(bound).setTimeToLive(TimeValue.ofMinutes(5))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                        .setMaxConnPerRoute(maxConnectionsPerHost)
                        .setMaxConnTotal(maxConnectionsPerHost * 8)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(bound)
                        .setResponseTimeout(bound).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setThreadFactory(r -> {
                    Thread t = new Thread(r, "webhook-http");
                    t.setDaemon(true);
                    return t;
                })
                .build();
        client.start();
    }

    /**
     * Posts {@code body} with the Standard Webhooks headers. Completes (never exceptionally) with
     * null when the app answered 2xx, else with why not ({@code HTTP 500}, an exception's name).
     */
    public CompletableFuture<String> post(String url, String webhookId, long timestamp, String signature,
            String body) {
        CompletableFuture<String> result = new CompletableFuture<>();
        SimpleHttpRequest request;
        try {
            request = SimpleRequestBuilder.post(url)
                    .setHeader("webhook-id", webhookId)
                    .setHeader("webhook-timestamp", Long.toString(timestamp))
                    .setHeader("webhook-signature", signature)
                    .setBody(body, ContentType.APPLICATION_JSON)
                    .build();
        } catch (RuntimeException e) {
            result.complete(e.getClass().getSimpleName());
            return result;
        }
        CircuitBreaker breaker = breakers.circuitBreaker(host(url));
        if (!breaker.tryAcquirePermission()) {
            result.complete(CIRCUIT_OPEN);
            return result;
        }
        long started = breaker.getCurrentTimestamp();
        try {
            client.execute(SimpleRequestProducer.create(request),
                    new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()), null,
                    new FutureCallback<Message<HttpResponse, Void>>() {
                        @Override
                        public void completed(Message<HttpResponse, Void> response) {
                            int status = response.getHead().getCode();
                            String failure = status >= 200 && status < 300 ? null : "HTTP " + status;
                            if (status >= 500) {
                                breaker.onError(elapsed(breaker, started), breaker.getTimestampUnit(),
                                        new IllegalStateException(failure));
                            } else {
                                breaker.onSuccess(elapsed(breaker, started), breaker.getTimestampUnit());
                            }
                            result.complete(failure);
                        }

                        @Override
                        public void failed(Exception e) {
                            breaker.onError(elapsed(breaker, started), breaker.getTimestampUnit(), e);
                            result.complete(e.getClass().getSimpleName());
                        }

                        @Override
                        public void cancelled() {
                            breaker.releasePermission();
                            result.complete("cancelled");
                        }
                    });
        } catch (RuntimeException e) { // e.g. the client was shut down
            breaker.releasePermission();
            result.complete(e.getClass().getSimpleName());
        }
        return result;
    }

    /**
     * Whether requests to this URL's host are paused (its breaker is open). The dispatcher asks
     * before an attempt, so that a paused one writes no access record: nothing would leave.
     */
    public boolean isPaused(String url) {
        CircuitBreaker.State state = breakers.circuitBreaker(host(url)).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    private static long elapsed(CircuitBreaker breaker, long started) {
        return breaker.getCurrentTimestamp() - started;
    }

    /** The breaker's name: scheme, host and port of the webhook URL (one app host, whatever its paths). */
    static String host(String url) {
        try {
            URI uri = URI.create(url);
            return "webhook-" + uri.getScheme() + "://" + uri.getAuthority();
        } catch (IllegalArgumentException e) {
            return "webhook-" + url;
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
