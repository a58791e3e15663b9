package org.tsunagu.id.consent;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.tsunagu.id.resident.Resident;
import org.tsunagu.id.resident.Residents;

/**
 * Ends an app's sessions for one resident: every authorization (token family) that app got from
 * that resident's logins up to a moment is deleted, so its refresh tokens stop working at once and
 * its access tokens introspect inactive. Logins after that moment are kept, which makes replaying
 * old consent events harmless.
 */
@Component
public class AppTokenRevocation {

    private static final Logger log = LoggerFactory.getLogger(AppTokenRevocation.class);

    private final JdbcTemplate jdbc;
    private final RegisteredClientRepository clients;
    private final Residents residents;

    public AppTokenRevocation(JdbcTemplate jdbc, RegisteredClientRepository clients, Residents residents) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.residents = residents;
    }

    /** @return how many token families were revoked */
    public int revoke(String residentId, String clientId, Instant loggedInUpTo) {
        RegisteredClient client = clients.findByClientId(clientId);
        String loginId = residents.findByResidentId(residentId).map(Resident::loginId).orElse(null);
        if (client == null || loginId == null) {
            return 0;
        }
        int revoked = jdbc.update("""
                DELETE FROM oauth2_authorization
                WHERE registered_client_id = ? AND principal_name = ?
                  AND (authorization_code_issued_at IS NULL OR authorization_code_issued_at <= ?)""",
                client.getId(), loginId, Timestamp.from(loggedInUpTo));
        if (revoked > 0) {
            log.info("Consent withdrawn: revoked {} token families of {} for one resident", revoked, clientId);
        }
        return revoked;
    }
}
