package org.tsunagu.gateway.protection;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.tsunagu.gateway.web.ProblemResponses;

/** Request protection: body size limit (before security) and per-app rate limits (after it). */
@Configuration
public class ProtectionConfig {

    @Bean
    RateLimits rateLimits(@Value("${tsunagu.rate-limit.requests-per-second:200}") long perSecond,
            @Value("${tsunagu.rate-limit.burst:400}") long burst, Environment environment) {
        Map<String, Long> overrides = new HashMap<>(Binder.get(environment)
                .bind("tsunagu.rate-limit.per-app", Bindable.mapOf(String.class, Long.class)).orElse(Map.of()));
        return new RateLimits(perSecond, burst, overrides);
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimits limits, ProblemResponses problems) {
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(limits, problems));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${tsunagu.limits.max-body:16KB}") DataSize maxBody, ProblemResponses problems) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBody.toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
