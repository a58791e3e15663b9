package org.tsunagu.gateway.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog bean, and the developer docs: the gateway's OpenAPI spec at
 * {@code /openapi/gateway.yaml} (straight from the contracts jar) and Swagger UI (a webjar,
 * no CDN) at {@code /docs}.
 */
@Configuration
public class CatalogConfig implements WebMvcConfigurer {

    @Bean
    CategoryCatalog categoryCatalog(JsonMapper mapper) {
        return new CategoryCatalog(mapper);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/docs/**").addResourceLocations("classpath:/docs/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/docs", "/docs/index.html");
    }
}
