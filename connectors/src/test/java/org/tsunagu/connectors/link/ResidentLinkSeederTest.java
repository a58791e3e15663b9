package org.tsunagu.connectors.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ResidentLinkSeederTest {

    @Test
    void givenSeedCsv_whenParsed_thenOneLinkPerLineWithoutHeader() {
        var links = ResidentLinkSeeder.parse(Path.of("src/test/resources/seeds/resident-links.csv"));

        assertThat(links).hasSize(4);
        assertThat(links.get(0)).isEqualTo(new ResidentLink("RID-0001", "health", "HK-20571"));
    }
}
