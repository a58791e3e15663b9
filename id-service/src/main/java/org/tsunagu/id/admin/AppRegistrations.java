package org.tsunagu.id.admin;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.api.id.model.AppRegistration;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.app.AppClients;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.app.AppEntry;
import org.tsunagu.id.secret.HubPasswordEncoder;

/**
 * Operators register apps (pending) and approve them. Public apps get authorization code and
 * refresh token only (never client credentials); confidential apps also client credentials, with
 * a generated secret or {@code private_key_jwt}.
 */
@Service
public class AppRegistrations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppDirectory directory;
    private final RegisteredClientRepository allClients;
    private final HubPasswordEncoder passwords;
    private final IdServiceProperties properties;

    public AppRegistrations(AppDirectory directory, JdbcTemplate jdbc, HubPasswordEncoder passwords,
                            IdServiceProperties properties) {
        this.directory = directory;
        // the raw registry: pending apps are invisible through the authorization server's view
        this.allClients = new JdbcRegisteredClientRepository(jdbc);
        this.passwords = passwords;
        this.properties = properties;
    }

    /** Why a registration was refused. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** @return the generated client secret, or null when the app has none */
    @Transactional
    public @Nullable String register(AppRegistration app) {
        boolean publicClient = app.getClientType() == AppRegistration.ClientTypeEnum.PUBLIC;
        boolean keyJwt = app.getTokenEndpointAuthMethod() == AppRegistration.TokenEndpointAuthMethodEnum.PRIVATE_KEY_JWT;
        if (publicClient && app.getTokenEndpointAuthMethod() != null) {
            throw new Refused(400, "A public app has no client authentication method.");
        }
        if (keyJwt && !isHttpsOrLoopback(app.getJwksUri())) {
            throw new Refused(400, "private_key_jwt needs a jwksUri (https, or http on a loopback address).");
        }
        for (String redirect : app.getRedirectUris()) {
            if (!isHttpsOrLoopback(redirect) || redirect.contains("*") || redirect.contains("#")) {
                throw new Refused(400, "Redirect URIs must be exact https URLs (http only on a loopback address), without wildcards or fragments.");
            }
        }
        if (app.getWebhookUrl() != null && !isHttpsOrLoopback(app.getWebhookUrl())) {
            throw new Refused(400, "The webhook URL must be https (http only on a loopback address).");
        }
        if (allClients.findByClientId(app.getClientId()) != null || directory.status(app.getClientId()).isPresent()) {
            throw new Refused(409, "An app with this client id is already registered.");
        }
        List<String> grants = new ArrayList<>(List.of("authorization_code", "refresh_token"));
        if (!publicClient) {
            grants.add("client_credentials");
        }
        String secret = null;
        RegisteredClient client;
        if (publicClient) {
            RegisteredClient base = AppClients.thirdPartyApp(app.getClientId(), app.getName(), null, grants,
                    app.getRedirectUris(), AppClients.ACCESS_TOKEN_TTL);
            client = RegisteredClient.from(base).clientAuthenticationMethods(m -> {
                m.clear();
                m.add(ClientAuthenticationMethod.NONE);
            }).build();
        } else if (keyJwt) {
            client = AppClients.privateKeyJwtApp(app.getClientId(), app.getName(), app.getJwksUri(), grants,
                    app.getRedirectUris(), AppClients.ACCESS_TOKEN_TTL);
        } else {
            secret = generateSecret();
            client = AppClients.thirdPartyApp(app.getClientId(), app.getName(),
                    passwords.encodeClientSecret(secret, properties.clientSecrets().hashing()), grants,
                    app.getRedirectUris(), AppClients.ACCESS_TOKEN_TTL);
        }
        allClients.save(client);
        directory.addPending(new AppEntry(app.getClientId(), app.getName(), null, app.getOperator(), app.getMunicipality(),
                app.getCategories(), app.getPurposes(), app.getWebhookUrl()), publicClient ? "public" : "confidential");
        return secret;
    }

    public boolean approve(String clientId) {
        return directory.approve(clientId);
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean isHttpsOrLoopback(@Nullable String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            return "https".equals(uri.getScheme()) && host != null
                    || "http".equals(uri.getScheme()) && ("127.0.0.1".equals(host) || "[::1]".equals(host) || "localhost".equals(host));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
