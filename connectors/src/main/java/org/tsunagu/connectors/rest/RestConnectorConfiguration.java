package org.tsunagu.connectors.rest;

import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.tsunagu.connectors.link.ResidentLinks;
import org.tsunagu.connectors.spi.Connector;

import tools.jackson.databind.json.JsonMapper;

/**
 * Installs the REST connectors. Properties: {@code tsunagu.municipal.health.base-url},
 * {@code tsunagu.municipal.registry.base-url}, {@code tsunagu.municipal.connect-timeout} (1s),
 * {@code tsunagu.municipal.read-timeout} (2s), {@code tsunagu.municipal.max-connections} (64 per system).
 */
@Configuration(proxyBeanMethods = false)
class RestConnectorConfiguration {

    @Bean
    MunicipalHttpClient municipalHttpClient(RestClient.Builder builder,
            @Value("${tsunagu.municipal.connect-timeout:1s}") Duration connectTimeout,
            @Value("${tsunagu.municipal.read-timeout:2s}") Duration readTimeout,
            @Value("${tsunagu.municipal.max-connections:64}") int maxConnections) {
        return new MunicipalHttpClient(builder.clone()
                .requestFactory(pooled(connectTimeout, readTimeout, maxConnections)).build());
    }

    @Bean
    Connector healthConnector(@Value("${tsunagu.municipal.health.base-url:http://localhost:9010/health}") String baseUrl,
                              ResidentLinks links, MunicipalHttpClient http, JsonMapper jsonMapper) {
        return new HealthConnector(baseUrl, links, http, jsonMapper);
    }

    @Bean
    Connector registryConnector(@Value("${tsunagu.municipal.registry.base-url:http://localhost:9010/registry}") String baseUrl,
                                ResidentLinks links, MunicipalHttpClient http, JsonMapper jsonMapper) {
        return new RegistryConnector(baseUrl, links, http, jsonMapper);
    }

    /**
     * Keep-alive connections pooled per municipal system (HttpURLConnection keeps only 5 idle
     * ones and opens a new connection for every request beyond that), TCP_NODELAY, no retries:
     * a failure is the caller's to map (ADR 0044).
     */
    static ClientHttpRequestFactory pooled(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(Timeout.of(readTimeout)).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout)).setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .setMaxConnTotal(2 * maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .build();
        var client = HttpClients.custom().setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(readTimeout)).build())
                .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        var factory = new HttpComponentsClientHttpRequestFactory(client);
        factory.setConnectionRequestTimeout(connectTimeout);
        factory.setReadTimeout(readTimeout);
        return factory;
    }
}
