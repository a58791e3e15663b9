package org.tsunagu.id.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;
import tools.jackson.databind.JsonNode;

/** Operators import residents from the resident registry CSV: all or nothing unless asked otherwise. */
class ResidentImportTest extends IdServiceTestSupport {

    private static final URI CLI = URI.create("http://127.0.0.1:8765/callback");
    private static final String HEADER = "resident_id,login_id,family_name,given_name,municipality,health_key,registry_key\n";

    @Autowired
    JdbcTemplate jdbc;

    private String token(String clientId, String loginId, String password) {
        NimbusClient nimbus = new NimbusClient(port);
        return NimbusClient.success(nimbus.exchange(nimbus.authorize(clientId, CLI, "openid", loginId, password), CLI, null, clientId))
                .getTokens().getAccessToken().getValue();
    }

    private HttpResponse<String> upload(String csv, String query, String bearer, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/admin/residents/import" + (query == null ? "" : "?" + query)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(csv));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int residents(String residentId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM resident WHERE resident_id = ?", Integer.class, residentId);
    }

    @Test
    void givenAGoodFile_whenImporting_thenAccountsAreCreatedOrVerifiedWithTheirMunicipalKeys() throws Exception {
        String operator = token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");
        jdbc.update("UPDATE resident SET verified = FALSE WHERE resident_id = 'RID-0002'");
        String csv = HEADER
                + "RID-1001,jiro,会津,次郎,aizuwakamatsu,HK-1001,JK-1001\r\n"
                + "RID-0002,taro,磐梯,太郎,bandai,,JK-11-0918\n";

        HttpResponse<String> response = upload(csv, null, operator, "text/csv; charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = http().json(response);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("verified").asInt()).isEqualTo(1);
        assertThat(result.get("errors").size()).isZero();
        assertThat(residents("RID-1001")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT verified FROM resident WHERE resident_id = 'RID-0002'", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT municipal_key FROM resident_municipal_key WHERE resident_id = 'RID-1001' AND system_name = 'health'",
                String.class)).isEqualTo("HK-1001");
    }

    @Test
    void givenAFileWithBadRows_whenImporting_thenNothingIsImportedAndEveryBadRowIsReported() throws Exception {
        String operator = token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");
        String csv = HEADER
                + "RID-2001,hiro,会津,博,aizuwakamatsu,,\n"
                + "RID-2002,,会津,空,aizuwakamatsu,,\n"
                + "RID-2003,hanako,会津,別人,aizuwakamatsu,,\n"
                + "RID-2004,only,three\n";

        HttpResponse<String> response = upload(csv, null, operator, "text/csv");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = http().json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tsunagu:problem:invalid-import");
        JsonNode errors = problem.get("errors");
        assertThat(errors.size()).isEqualTo(3);
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(errors.get(0).get("reason").asString()).contains("login_id");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(4);
        assertThat(errors.get(1).get("reason").asString()).contains("another resident");
        assertThat(errors.get(2).get("line").asInt()).isEqualTo(5);
        assertThat(residents("RID-2001")).isZero();
    }

    @Test
    void givenAFileWithBadRowsAndGoodRowsOnly_whenImporting_thenTheGoodRowsAreImportedAndTheBadReported() throws Exception {
        String operator = token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");
        String csv = HEADER
                + "RID-3001,yuki,会津,雪,aizuwakamatsu,,\n"
                + "bad id!,kaze,会津,風,aizuwakamatsu,,\n";

        HttpResponse<String> response = upload(csv, "mode=good-rows-only", operator, "text/csv");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = http().json(response);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(residents("RID-3001")).isEqualTo(1);
    }

    @Test
    void givenAMissingHeaderColumn_whenImporting_thenLineOneIsReported() throws Exception {
        String operator = token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");

        HttpResponse<String> response = upload("resident_id,login_id\nRID-4001,x\n", null, operator, "text/csv");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(http().json(response).get("errors").get(0).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void givenAResidentTokenOrNone_whenImporting_thenRefusedAndNothingChanges() throws Exception {
        String resident = token("tsunagu-portal", "hanako", "Aizu-Hanako-2026");
        String csv = HEADER + "RID-5001,mallory,悪,者,aizuwakamatsu,,\n";

        assertThat(upload(csv, null, null, "text/csv").statusCode()).isEqualTo(401);
        assertThat(upload(csv, null, resident, "text/csv").statusCode()).isEqualTo(401);
        assertThat(residents("RID-5001")).isZero();
    }
}
