package org.tsunagu.id.app;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The client registry as the authorization server sees it: an app in the directory that is not
 * approved does not exist (no authorization, no token, no introspection — {@code invalid_client}).
 * The hub's own clients are not in the directory and pass.
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
        return directory.status(client.getClientId()).map("APPROVED"::equals).orElse(true) ? client : null;
    }
}
