package org.tsunagu.id.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.tsunagu.api.id.model.Purpose;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.app.AppEntry;
import org.tsunagu.id.resident.Resident;
import org.tsunagu.id.resident.Residents;

/**
 * The decision on the hub's opt-in screen (ADR 0025): the {@code category:<name>} scopes the
 * resident ticked are recorded in consent-service, once per (category, declared purpose), before
 * any code is issued. The granted scopes are exactly the approved categories plus the request's
 * other scopes; nothing approved means {@code access_denied}. If consent-service fails, the
 * opt-ins this screen had already created are withdrawn again and no code is issued.
 */
@Component
public class CategoryConsents implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

    /** Scope prefix naming a data category. */
    public static final String PREFIX = "category:";

    /** How long an opt-in given on the screen lasts (shown on the screen, sent to consent-service). */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(CategoryConsents.class);

    private final ConsentServiceClient consentService;
    private final AppDirectory apps;
    private final Residents residents;

    CategoryConsents(ConsentServiceClient consentService, AppDirectory apps, Residents residents) {
        this.consentService = consentService;
        this.apps = apps;
        this.residents = residents;
    }

    /** Whether an authorization request asks for data categories, so the opt-in screen is shown. */
    public static boolean asksForCategories(Set<String> scopes) {
        return scopes.stream().anyMatch(scope -> scope.startsWith(PREFIX));
    }

    @Override
    public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
        Set<String> requested = context.getAuthorizationRequest().getScopes();
        Set<String> approved = new LinkedHashSet<>();
        ((OAuth2AuthorizationConsentAuthenticationToken) context.getAuthentication()).getScopes().stream()
                .filter(scope -> scope.startsWith(PREFIX) && requested.contains(scope))
                .forEach(approved::add);
        Set<String> granted = new LinkedHashSet<>();
        if (!approved.isEmpty()) {
            record(context, approved);
            granted.addAll(approved);
            requested.stream().filter(scope -> !scope.startsWith(PREFIX)).forEach(granted::add);
        }
        context.getAuthorizationConsent().authorities(authorities -> {
            authorities.clear();
            granted.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        });
    }

    private void record(OAuth2AuthorizationConsentAuthenticationContext context, Set<String> approved) {
        String clientId = context.getRegisteredClient().getClientId();
        AppEntry app = apps.find(clientId).orElseThrow(() -> denied("The app is not in the directory."));
        String residentId = residents.findByLoginId(context.getAuthorization().getPrincipalName())
                .map(Resident::residentId).orElseThrow(() -> denied("Only residents can approve data sharing."));
        Instant validUntil = Instant.now().plus(VALIDITY);
        List<String> created = new ArrayList<>();
        try {
            for (String scope : approved) {
                for (Purpose purpose : app.purposes()) {
                    ConsentServiceClient.Recorded recorded = consentService.grant(residentId, clientId,
                            scope.substring(PREFIX.length()), purpose.getValue(), validUntil);
                    if (recorded.created() && recorded.consentId() != null) {
                        created.add(recorded.consentId());
                    }
                }
            }
        } catch (RestClientException e) {
            log.warn("consent-service did not record the opt-in of app {}: {}", clientId, e.getMessage());
            undo(residentId, created);
            throw new ConsentNotRecordedException(e);
        }
    }

    private void undo(String residentId, List<String> created) {
        for (String consentId : created) {
            try {
                consentService.revoke(residentId, consentId);
            } catch (RestClientException e) {
                log.error("could not withdraw half-recorded consent {} again: {}", consentId, e.getMessage());
            }
        }
    }

    private static OAuth2AuthenticationException denied(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, description, null));
    }
}
