package org.tsunagu.consent.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The project's demo {@code seeds/consents.json} reads into seed entries. */
class SeedFileTest {

    @Test
    void givenProjectSeeds_whenReading_thenEveryEntryIsComplete() throws Exception {
        Path file = Path.of("..", "seeds", "consents.json");
        JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        List<SeedConsent> seeds = json.readValue(Files.readString(file), new TypeReference<List<SeedConsent>>() { });

        assertThat(seeds).isNotEmpty().allSatisfy(seed -> {
            assertThat(seed.residentId()).isNotBlank();
            assertThat(seed.appId()).isNotBlank();
            assertThat(seed.category()).isIn("vaccination-records", "resident-basic");
            assertThat(seed.purpose()).isIn("service-provision", "notification", "personalisation",
                    "official-statistics");
            assertThat(seed.validUntil()).isNotNull();
        });
    }
}
