package org.tsunagu.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
 */
public class WebhookSender implements AutoCloseable {

    private final CloseableHttpAsyncClient client;

    public WebhookSender(Duration timeout, int maxConnectionsPerHost) {
        Timeout bound = Timeout.of(timeout);
        this.client = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true)
                        .setSoTimeout(bound).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
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
        try {
            client.execute(SimpleRequestProducer.create(request),
                    new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()), null,
                    new FutureCallback<Message<HttpResponse, Void>>() {
                        @Override
                        public void completed(Message<HttpResponse, Void> response) {
                            int status = response.getHead().getCode();
                            result.complete(status >= 200 && status < 300 ? null : "HTTP " + status);
                        }

                        @Override
                        public void failed(Exception e) {
                            result.complete(e.getClass().getSimpleName());
                        }

                        @Override
                        public void cancelled() {
                            result.complete("cancelled");
                        }
                    });
        } catch (RuntimeException e) { // e.g. the client was shut down
            result.complete(e.getClass().getSimpleName());
        }
        return result;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
