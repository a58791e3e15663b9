package org.tsunagu.gateway.subject;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.tsunagu.client.id.AppsApi;
import org.tsunagu.client.id.InternalApi;
import org.tsunagu.client.id.invoker.ApiClient;
import org.tsunagu.gateway.http.PooledHttp;

import tools.jackson.databind.json.JsonMapper;

/** Clients for id-service: the internal resolution (with the gateway's token) and the public app directory. */
@Configuration
public class IdServiceClientConfig {

    @Bean
    PairwiseResolver pairwiseResolver(@Value("${tsunagu.id-service.url}") String url,
            @Value("${tsunagu.id-service.timeout:2s}") Duration timeout,
            @Value("${tsunagu.id-service.pairwise-cache-size:10000}") int cacheSize,
            OAuth2ClientHttpRequestInterceptor hubTokenInterceptor, Clock clock, KnownSubjects known) {
        RestClient restClient = restClient(timeout).requestInterceptor(hubTokenInterceptor).build();
        return new RememberingPairwiseResolver(
                new IdServicePairwiseResolver(new InternalApi(apiClient(restClient, url)), cacheSize, clock), known);
    }

    /** What webhooks are addressed with: the remembered pairs, else id-service's reverse look-up. */
    @Bean
    KnownSubjects knownSubjects(org.springframework.jdbc.core.simple.JdbcClient jdbc,
            @Value("${tsunagu.id-service.url}") String url,
            @Value("${tsunagu.id-service.timeout:2s}") Duration timeout,
            OAuth2ClientHttpRequestInterceptor hubTokenInterceptor) {
        RestClient restClient = restClient(timeout).requestInterceptor(hubTokenInterceptor).build();
        return new ReverseLookupSubjects(new JdbcKnownSubjects(jdbc), new InternalApi(apiClient(restClient, url)));
    }

    @Bean
    AppDirectory appDirectory(@Value("${tsunagu.id-service.url}") String url,
            @Value("${tsunagu.id-service.timeout:2s}") Duration timeout,
            @Value("${tsunagu.id-service.apps-cache-ttl:60s}") Duration ttl, Clock clock) {
        return new IdServiceAppDirectory(new AppsApi(apiClient(restClient(timeout).build(), url)), ttl, 1000, clock);
    }

    private static RestClient.Builder restClient(Duration timeout) {
        JsonMapper mapper = ApiClient.createDefaultMapper(null);
        return RestClient.builder().requestFactory(PooledHttp.requestFactory(timeout, 20)).configureMessageConverters(
                converters -> converters.registerDefaults().withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)));
    }

    private static ApiClient apiClient(RestClient restClient, String url) {
        ApiClient client = new ApiClient(restClient, ApiClient.createDefaultMapper(null), ApiClient.createDefaultDateFormat());
        client.setBasePath(url);
        return client;
    }
}
