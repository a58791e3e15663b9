package org.tsunagu.id.app;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The client registry as the authorization server sees it: an app in the directory that is not
 * approved does not exist (no authorization, no token, no introspection — {@code invalid_client}).
 * The hub's own clients are not in the directory and pass. An approved app may ask for the data
 * categories it declared, as scopes {@code category:<name>} (ADR 0025); any other category is
 * {@code invalid_scope}.
 */
public class ApprovedClientsOnly implements RegisteredClientRepository {

    private final RegisteredClientRepository delegate;
    private final AppDirectory directory;

    public ApprovedClientsOnly(RegisteredClientRepository delegate, AppDirectory directory) {
        this.delegate = delegate;
        this.directory = directory;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        delegate.save(registeredClient);
    }

    @Override
    public @Nullable RegisteredClient findById(String id) {
        return approvedOrNull(delegate.findById(id));
    }

    @Override
    public @Nullable RegisteredClient findByClientId(String clientId) {
        return approvedOrNull(delegate.findByClientId(clientId));
    }

    private @Nullable RegisteredClient approvedOrNull(@Nullable RegisteredClient client) {
        if (client == null) {
            return null;
        }
        String status = directory.status(client.getClientId()).orElse(null);
        if (status == null) {
            return client;
        }
        if (!"APPROVED".equals(status)) {
            return null;
        }
        return directory.find(client.getClientId())
                .map(app -> RegisteredClient.from(client)
                        .scopes(scopes -> app.categories().forEach(category -> scopes.add("category:" + category.getValue())))
                        .build())
                .orElse(null);
    }
}
