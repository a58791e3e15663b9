package org.tsunagu.id.token;

import java.util.List;

import org.tsunagu.id.authserver.HubClients;

/** Which resource servers accept a client's access tokens ({@code aud}, per docs/hub-conventions.md). */
public final class TokenAudiences {

    public static final String API_GATEWAY = "urn:tsunagu:api-gateway";
    public static final String CONSENT_SERVICE = "urn:tsunagu:consent-service";
    public static final String AUDIT_SERVICE = "urn:tsunagu:audit-service";
    public static final String ID_SERVICE = "urn:tsunagu:id-service";
    public static final String CONNECTORS = "urn:tsunagu:connectors";

    private TokenAudiences() {
    }

    public static List<String> forClient(String clientId) {
        return switch (clientId) {
            case HubClients.PORTAL -> List.of(CONSENT_SERVICE, AUDIT_SERVICE);
            case HubClients.GATEWAY -> List.of(ID_SERVICE, CONNECTORS);
            case HubClients.OPERATOR_CONSOLE -> List.of(ID_SERVICE, CONSENT_SERVICE, AUDIT_SERVICE);
            default -> List.of(API_GATEWAY);
        };
    }
}
