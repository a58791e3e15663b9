package org.tsunagu.id.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.tsunagu.id.secret.HubPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.api.id.model.DataCategory;
import org.tsunagu.api.id.model.Purpose;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.app.AppClients;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.app.AppEntry;
import org.tsunagu.id.operator.Operator;
import org.tsunagu.id.operator.Operators;
import org.tsunagu.id.resident.Resident;
import org.tsunagu.id.resident.Residents;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads {@code residents.csv} and {@code apps.json} from {@code tsunagu.seeds-dir} on first start
 * (when the tables are empty). A malformed seed stops the start: better no service than wrong data.
 */
@Component
class SeedLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedLoader.class);

    private final IdServiceProperties properties;
    private final Residents residents;
    private final Operators operators;
    private final AppDirectory apps;
    private final RegisteredClientRepository clients;
    private final HubPasswordEncoder passwords;
    private final JsonMapper json;

    SeedLoader(IdServiceProperties properties, Residents residents, Operators operators, AppDirectory apps,
               RegisteredClientRepository clients, HubPasswordEncoder passwords, JsonMapper json) {
        this.properties = properties;
        this.residents = residents;
        this.operators = operators;
        this.apps = apps;
        this.clients = clients;
        this.passwords = passwords;
        this.json = json;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        String seedsDir = properties.seedsDir();
        if (seedsDir == null || seedsDir.isBlank()) {
            return;
        }
        Path dir = Path.of(seedsDir);
        if (residents.isEmpty()) {
            loadResidents(dir.resolve("residents.csv"));
        }
        if (apps.isEmpty()) {
            loadApps(dir.resolve("apps.json"));
        }
        Path operatorsCsv = dir.resolve("operators.csv");
        if (operators.isEmpty() && Files.exists(operatorsCsv)) {
            loadOperators(operatorsCsv);
        }
    }

    private void loadOperators(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int loaded = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 5) {
                throw new IllegalStateException("operators.csv line " + (i + 1) + ": expected 5 columns");
            }
            if (residents.findByLoginId(f[1].trim()).isPresent()) {
                throw new IllegalStateException("operators.csv line " + (i + 1) + ": login id is a resident's");
            }
            operators.add(new Operator(f[0].trim(), f[1].trim(), passwords.encode(f[2]), f[3].trim(), f[4].trim()));
            loaded++;
        }
        log.info("Seeded {} operators from {}", loaded, csv);
    }

    private void loadResidents(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int loaded = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IllegalStateException("residents.csv: expected 6 columns in line: " + f[0]);
            }
            residents.add(new Resident(f[0].trim(), f[1].trim(), passwords.encode(f[2]),
                    f[3].trim(), f[4].trim(), f[5].trim()));
            loaded++;
        }
        log.info("Seeded {} residents from {}", loaded, csv);
    }

    private void loadApps(Path file) {
        List<AppSeed> seeds = json.readValue(file.toFile(), new TypeReference<List<AppSeed>>() { });
        for (AppSeed seed : seeds) {
            clients.save(AppClients.thirdPartyApp(seed.clientId(), seed.name(),
                    passwords.encodeClientSecret(seed.clientSecret(), properties.clientSecrets().hashing()),
                    seed.grantTypes(), seed.redirectUris(),
                    seed.accessTokenTtl()));
            apps.add(new AppEntry(seed.clientId(), seed.name(), seed.nameEn(), seed.operator(), seed.municipality(),
                    seed.categories().stream().map(DataCategory::fromValue).toList(),
                    seed.purposes().stream().map(Purpose::fromValue).toList(), seed.webhookUrl()));
        }
        log.info("Seeded {} apps from {}", seeds.size(), file);
    }
}
