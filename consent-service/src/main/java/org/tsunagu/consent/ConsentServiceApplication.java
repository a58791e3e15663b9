package org.tsunagu.consent;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.tsunagu.api.consent.config.EnumConverterConfiguration;

/** The consent ledger: residents' opt-ins, their history, and the outbox that carries every change to Kafka. */
@SpringBootApplication
@EnableScheduling
@Import(EnumConverterConfiguration.class)
public class ConsentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsentServiceApplication.class, args);
    }

    /** The ledger's notion of "now"; a bean so tests and jobs share one source of time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
