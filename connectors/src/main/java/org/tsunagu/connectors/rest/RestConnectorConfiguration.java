package org.tsunagu.connectors.rest;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.tsunagu.connectors.link.ResidentLinks;
import org.tsunagu.connectors.spi.Connector;

import tools.jackson.databind.json.JsonMapper;

/**
 * Installs the REST connectors. Properties: {@code tsunagu.municipal.health.base-url},
 * {@code tsunagu.municipal.registry.base-url}, {@code tsunagu.municipal.connect-timeout} (1s),
 * {@code tsunagu.municipal.read-timeout} (2s).
 */
@Configuration(proxyBeanMethods = false)
class RestConnectorConfiguration {

    @Bean
    MunicipalHttpClient municipalHttpClient(RestClient.Builder builder,
            @Value("${tsunagu.municipal.connect-timeout:1s}") Duration connectTimeout,
            @Value("${tsunagu.municipal.read-timeout:2s}") Duration readTimeout) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(connectTimeout);
        requestFactory.setReadTimeout(readTimeout);
        return new MunicipalHttpClient(builder.clone().requestFactory(requestFactory).build());
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
}
