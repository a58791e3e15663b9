package org.tsunagu.connectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.tsunagu.api.connector.config.EnumConverterConfiguration;
import org.tsunagu.connectors.spi.Connector;
import org.tsunagu.connectors.spi.ConnectorRegistry;

/** Connectors: answers the gateway's category queries from municipal systems, in the canonical model. */
@SpringBootApplication
@Import(EnumConverterConfiguration.class)
public class ConnectorsApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConnectorsApplication.class, args);
    }

    @Bean
    ConnectorRegistry connectorRegistry(List<Connector> connectors) {
        return new ConnectorRegistry(connectors);
    }

    /** The time tokens are checked against (tests move it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
