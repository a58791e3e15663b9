package org.tsunagu.id;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The regional ID: an OpenID Connect provider for residents and apps of the Tsunagu hub. */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class IdServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(IdServiceApplication.class, args);
    }
}
