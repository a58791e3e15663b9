package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.launcher.Hub;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.launcher.postgres.LocalPostgres;

/**
 * Only in the e2e module's second run ({@code -Dtsunagu.e2e.storage=postgresql}, ADR 0050): the
 * hub really runs on PostgreSQL, one database per service, with every migration applied, no
 * service fell back to an H2 file, and the SQL that only the operator dashboard runs works there.
 */
@ExtendWith(RunningHub.class)
class DistributedProfileE2eTest {

    private static final Resident OPERATOR = new Resident("OP-0001", "aizu-operator", "Aizu-Operator-2026");

    @Test
    void everyServiceHasItsOwnPostgresDatabase_withEveryMigrationApplied_andNoH2File() throws Exception {
        assertThat(RunningHub.storage()).isEqualTo(Hub.Storage.POSTGRESQL);
        Hub hub = RunningHub.hub();
        Path repo = Path.of(System.getProperty("tsunagu.repo.root", "..")).toAbsolutePath().normalize();
        for (String service : List.of(Hub.ID_SERVICE, Hub.CONSENT_SERVICE, Hub.AUDIT_SERVICE, Hub.CONNECTORS,
                Hub.API_GATEWAY)) {
            List<String> expected = migrationVersions(repo.resolve(service).resolve("src/main"));
            String url = "jdbc:postgresql://127.0.0.1:" + Hub.POSTGRES_PORT + "/" + Hub.databaseOf(service);
            List<String> applied = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(
                         "select version, success from flyway_schema_history where version is not null order by installed_rank")) {
                while (rs.next()) {
                    assertThat(rs.getBoolean("success")).as(service + " migration " + rs.getString(1)).isTrue();
                    applied.add(rs.getString("version"));
                }
            }
            assertThat(applied).as(service + ": migrations applied on PostgreSQL").containsExactlyInAnyOrderElementsOf(expected);
            try (Stream<Path> files = Files.walk(hub.config().dataDir())) {
                assertThat(files.map(Path::toString).filter(p -> p.endsWith(".mv.db")).toList())
                        .as("H2 database files").isEmpty();
            }
        }
    }

    @Test
    void theOperatorDashboardRendersFromPostgres() {
        // reads, refused or not, leave access records, so the dashboard's queries have rows to group
        String sub = RegionalId.app(Resident.SAKURA, DemoApp.SCHOOL_NOTICE).subject();
        var app = HubApis.gateway(RegionalId.clientCredentials(DemoApp.SCHOOL_NOTICE));
        for (int i = 0; i < 3; i++) {
            try {
                app.readResidentCategory(sub, "resident-basic", null, "e2e-dashboard-" + i);
            } catch (RestClientResponseException deniedOrAllowedDoesNotMatter) {
                // every decision is an access record
            }
        }
        try (PortalBrowser browser = PortalBrowser.start()) {
            browser.open(HubApis.AUDIT + "/dashboard");
            String username = browser.find("input[name=username]", Duration.ofSeconds(15));
            browser.type(username, OPERATOR.login());
            String password = browser.find("input[name=password]", Duration.ofSeconds(5));
            browser.type(password, OPERATOR.password());
            browser.pressEnter(password);
            try {
                browser.find("#timeline", Duration.ofSeconds(15));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + browser.source(), e);
            }
            assertThat(browser.currentUrl()).startsWith(HubApis.AUDIT + "/dashboard");
            assertThat(browser.findAll("#sankey")).hasSize(1);
            assertThat(browser.findAll("#reasons")).hasSize(1);
        }
    }

    /**
     * Versions of the Flyway migrations the distributed profile runs: SQL in db/migration and
     * db/postgresql, Java in the package db.migration.
     */
    private static List<String> migrationVersions(Path main) throws IOException {
        List<String> versions = new ArrayList<>();
        for (String folder : List.of("resources/db/migration", "resources/db/postgresql", "java/db/migration")) {
            Path dir = main.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9_]+__.*\\.(sql|java)"))
                        .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.')).forEach(versions::add);
            }
        }
        return versions;
    }
}
