package org.tsunagu.gateway.connector;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.tsunagu.client.connector.QueryApi;
import org.tsunagu.client.connector.invoker.ApiClient;

import tools.jackson.databind.json.JsonMapper;

/** The connectors' client: short timeouts, the gateway's client-credentials token. */
@Configuration
public class ConnectorClientConfig {

    @Bean
    ConnectorClient connectorClient(@Value("${tsunagu.connectors.url}") String url,
            @Value("${tsunagu.connectors.timeout:2s}") Duration timeout,
            OAuth2ClientHttpRequestInterceptor hubTokenInterceptor) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        // Unknown properties are dropped when reading: nothing the connector adds can pass through.
        JsonMapper mapper = ApiClient.createDefaultMapper(null);
        RestClient restClient = RestClient.builder()
                .requestFactory(factory)
                .requestInterceptor(hubTokenInterceptor)
                .configureMessageConverters(converters -> converters.registerDefaults()
                        .withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)))
                .build();
        ApiClient apiClient = new ApiClient(restClient, mapper, ApiClient.createDefaultDateFormat());
        apiClient.setBasePath(url);
        return new RestConnectorClient(new QueryApi(apiClient));
    }
}
