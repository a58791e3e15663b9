package org.tsunagu.consent.seed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.ledger.GrantCommand;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads {@code consents.json} from {@code tsunagu.seeds-dir} on first start (empty ledger only),
 * through the ledger so each seeded grant gets its history row and its outbox event. Seeds are
 * trusted demo data: the app directory is not consulted.
 */
@Component
class ConsentSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConsentSeeder.class);

    private final ConsentLedger ledger;
    private final JsonMapper json;
    private final Clock clock;
    private final String seedsDir;

    ConsentSeeder(ConsentLedger ledger, JsonMapper json, Clock clock,
                  @Value("${tsunagu.seeds-dir:}") String seedsDir) {
        this.ledger = ledger;
        this.json = json;
        this.clock = clock;
        this.seedsDir = seedsDir;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!StringUtils.hasText(seedsDir)) {
            return;
        }
        Path file = Path.of(seedsDir).resolve("consents.json");
        if (!Files.isRegularFile(file)) {
            log.info("No {} to seed", file);
            return;
        }
        if (!ledger.isEmpty()) {
            log.debug("Ledger not empty; seeds skipped");
            return;
        }
        int seeded = 0;
        for (SeedConsent seed : read(file)) {
            if (!seed.validUntil().toInstant().isAfter(clock.instant())) {
                log.warn("Seed consent of {} for {} ended at {}; skipped", seed.residentId(), seed.appId(),
                        seed.validUntil());
                continue;
            }
            ledger.grant(new GrantCommand(seed.residentId(), seed.appId(), seed.category(), seed.purpose(),
                    seed.validUntil().toInstant()));
            seeded++;
        }
        log.info("Seeded {} consent item(s) from {}", seeded, file);
    }

    List<SeedConsent> read(Path file) throws Exception {
        return json.readValue(Files.readString(file), new TypeReference<List<SeedConsent>>() { });
    }
}
