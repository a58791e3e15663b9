package org.tsunagu.gateway.read;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.connector.ConnectorClient;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.subject.PairwiseResolver;

/** Assembles the read path from its seams. */
@Configuration
public class ReadConfig {

    @Bean
    ReadService readService(ConsentView view, PairwiseResolver subjects, AppDirectory apps,
            ConnectorClient connector, AccessRecordSink audit, Clock clock) {
        return new ReadService(view, subjects, apps, connector, new CategoryMinimiser(), audit, clock);
    }
}
