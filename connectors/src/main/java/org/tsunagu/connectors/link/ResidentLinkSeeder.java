package org.tsunagu.connectors.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads {@code resident-links.csv} from {@code tsunagu.seeds-dir} on first start (empty table only),
 * so a restart never overwrites links changed since.
 */
@Component
class ResidentLinkSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ResidentLinkSeeder.class);

    private final JdbcResidentLinks links;
    private final String seedsDir;

    ResidentLinkSeeder(JdbcResidentLinks links, @Value("${tsunagu.seeds-dir:}") String seedsDir) {
        this.links = links;
        this.seedsDir = seedsDir;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (seedsDir.isBlank() || !links.isEmpty()) {
            return;
        }
        Path file = Path.of(seedsDir, "resident-links.csv");
        if (!Files.isRegularFile(file)) {
            log.warn("No resident links seed at {}", file);
            return;
        }
        List<ResidentLink> seed = parse(file);
        links.insertAll(seed);
        log.info("Seeded {} resident links from {}", seed.size(), file);
    }

    static List<ResidentLink> parse(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<ResidentLink> result = new ArrayList<>();
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 3) {
                    throw new IllegalStateException("Bad resident link line in " + file + ": " + line);
                }
                result.add(new ResidentLink(cells[0].strip(), cells[1].strip(), cells[2].strip()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
