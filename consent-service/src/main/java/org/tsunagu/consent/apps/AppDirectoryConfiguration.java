package org.tsunagu.consent.apps;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.tsunagu.client.id.AppsApi;
import org.tsunagu.client.id.invoker.ApiClient;

/** Builds the id-service SDK client with short timeouts. */
@Configuration(proxyBeanMethods = false)
class AppDirectoryConfiguration {

    @Bean
    AppDirectory appDirectory(
            @Value("${tsunagu.id-service.url:http://localhost:9000}") String baseUrl,
            @Value("${tsunagu.id-service.connect-timeout:1s}") Duration connectTimeout,
            @Value("${tsunagu.id-service.read-timeout:2s}") Duration readTimeout,
            @Value("${tsunagu.id-service.cache-ttl:30s}") Duration cacheTtl,
            Clock clock) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(connectTimeout);
        requestFactory.setReadTimeout(readTimeout);
        ApiClient client = new ApiClient(ApiClient.buildRestClientBuilder(ApiClient.createDefaultMapper(null))
                .requestFactory(requestFactory)
                .build());
        client.setBasePath(stripTrailingSlash(baseUrl));
        return new IdServiceAppDirectory(new AppsApi(client), cacheTtl, clock);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
