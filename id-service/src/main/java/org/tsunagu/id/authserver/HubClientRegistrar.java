package org.tsunagu.id.authserver;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.tsunagu.id.secret.HubPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.tsunagu.id.IdServiceProperties;

/**
 * Registers the hub's own clients from configuration on every start: created when missing,
 * updated in place otherwise, so a changed {@code tsunagu.gateway.client-secret} takes effect.
 */
@Component
class HubClientRegistrar implements ApplicationRunner {

    private final RegisteredClientRepository clients;
    private final HubPasswordEncoder passwords;
    private final IdServiceProperties properties;

    HubClientRegistrar(RegisteredClientRepository clients, HubPasswordEncoder passwords, IdServiceProperties properties) {
        this.clients = clients;
        this.passwords = passwords;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        clients.save(HubClients.portal(existingId(HubClients.PORTAL)));
        clients.save(HubClients.operatorConsole(existingId(HubClients.OPERATOR_CONSOLE)));
        RegisteredClient existingGateway = clients.findByClientId(HubClients.GATEWAY);
        String secret = properties.gateway().clientSecret();
        String encoded = existingGateway != null && existingGateway.getClientSecret() != null
                && passwords.matches(secret, existingGateway.getClientSecret())
                ? existingGateway.getClientSecret()
                : passwords.encodeClientSecret(secret, properties.clientSecrets().hashing());
        clients.save(HubClients.gateway(existingId(HubClients.GATEWAY), encoded));
    }

    private String existingId(String clientId) {
        RegisteredClient existing = clients.findByClientId(clientId);
        return existing != null ? existing.getId() : HubClients.newId();
    }
}
