package org.tsunagu.gateway.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.gateway.SubscriptionsApi;
import org.tsunagu.api.gateway.model.EventType;
import org.tsunagu.api.gateway.model.Purpose;
import org.tsunagu.api.gateway.model.SubscriptionRequest;
import org.tsunagu.gateway.security.SecurityConfig;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * {@code /v1/subscriptions}: an app (its token's {@code client_id}) manages its own webhook
 * subscriptions. The purpose must be one the app declared (or its only one). Changes go to the
 * subscriptions topic first and count only once Kafka has acknowledged them (ADR 0047).
 */
@RestController
public class SubscriptionsController implements SubscriptionsApi {

    private final SubscriptionPublisher publisher;
    private final SubscriptionDirectory directory;
    private final AppDirectory apps;
    private final Clock clock;
    private final int maxPerApp;

    public SubscriptionsController(SubscriptionPublisher publisher, SubscriptionDirectory directory, AppDirectory apps,
            Clock clock, @Value("${tsunagu.webhooks.max-subscriptions-per-app:20}") int maxPerApp) {
        this.publisher = publisher;
        this.directory = directory;
        this.apps = apps;
        this.clock = clock;
        this.maxPerApp = maxPerApp;
    }

    @Override
    public ResponseEntity<org.tsunagu.api.gateway.model.Subscription> createSubscription(SubscriptionRequest request) {
        String app = callingApp();
        directoryLoaded();
        // every gateway instance holds every subscription: an app cannot grow that without bound
        // (instances see each other's changes through the topic, so two creates racing at the limit may both pass)
        if (directory.byApp(app).size() >= maxPerApp) {
            throw new ApiProblemException(ProblemType.CONFLICT, "This app already has " + maxPerApp
                    + " subscriptions, the most allowed; delete one before adding another.");
        }
        URI url = approvedOrigin(app, checkedUrl(request.getUrl()));
        Purpose purpose = purpose(app, request.getPurpose());
        Subscription s = new Subscription("sub_" + UUID.randomUUID().toString().replace("-", ""), app,
                request.getEventType().getValue(), url.toString(), purpose.getValue(), WebhookSigner.newSecret(),
                clock.instant());
        publisher.create(s);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(s).secret(s.secret()));
    }

    @Override
    public ResponseEntity<List<org.tsunagu.api.gateway.model.Subscription>> listSubscriptions() {
        String app = callingApp();
        directoryLoaded();
        return ResponseEntity.ok(directory.byApp(app).stream().map(SubscriptionsController::view).toList());
    }

    @Override
    public ResponseEntity<Void> deleteSubscription(String subscriptionId) {
        String app = callingApp();
        directoryLoaded();
        if (!publisher.delete(app, subscriptionId)) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "This app has no such subscription.");
        }
        return ResponseEntity.noContent().build();
    }

    /** Before the directory has caught up, a list would be incomplete and a delete could miss. */
    private void directoryLoaded() {
        if (!directory.isCaughtUp()) {
            throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "Subscriptions are still being loaded; try again shortly.");
        }
    }

    private Purpose purpose(String app, Purpose requested) {
        Set<String> declared = apps.declaredPurposes(app);
        if (requested != null) {
            if (!declared.contains(requested.getValue())) {
                throw new ApiProblemException(ProblemType.PURPOSE_NOT_DECLARED,
                        "This app did not declare the purpose " + requested.getValue() + ".");
            }
            return requested;
        }
        Optional<Purpose> only = declared.size() == 1
                ? Arrays.stream(Purpose.values()).filter(p -> declared.contains(p.getValue())).findFirst()
                : Optional.empty();
        return only.orElseThrow(() -> new ApiProblemException(ProblemType.PURPOSE_REQUIRED,
                "Name the purpose for which this app receives these events."));
    }

    private static URI checkedUrl(String raw) {
        try {
            URI url = new URI(raw);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null
                    && url.getUserInfo() == null) {
                return url;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // falls through
        }
        throw new ApiProblemException(ProblemType.BAD_REQUEST, "url must be an absolute http(s) URL.");
    }

    /**
     * Deny by default: events go only to the origin (scheme, host, port) of the webhook URL the hub
     * operator approved for the app, so an app cannot point the gateway at the hub's own services or
     * anyone else's (ADR 0053, 0055). The dispatcher checks it again before every delivery.
     */
    private URI approvedOrigin(String app, URI url) {
        URI approved = apps.approvedWebhookUrl(app).orElseThrow(() -> new ApiProblemException(
                ProblemType.WEBHOOK_URL_NOT_APPROVED,
                "The hub operator has approved no webhook URL for this app, so it cannot subscribe to events."));
        if (ApprovedOrigin.matches(approved, url)) {
            return url;
        }
        throw new ApiProblemException(ProblemType.WEBHOOK_URL_NOT_APPROVED,
                "url must be on the webhook origin approved for this app: " + ApprovedOrigin.describe(approved) + ".");
    }

    private static org.tsunagu.api.gateway.model.Subscription view(Subscription s) {
        return new org.tsunagu.api.gateway.model.Subscription(s.id(), EventType.fromValue(s.eventType()), s.url(),
                Purpose.fromValue(s.purpose()), s.createdAt().atOffset(ZoneOffset.UTC));
    }

    private static String callingApp() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Jwt jwt
                && jwt.getClaim(SecurityConfig.CLIENT_ID_CLAIM) instanceof String clientId && !clientId.isBlank()
                && !(jwt.getClaim("roles") instanceof java.util.Collection<?> roles && roles.contains("operator"))) {
            return clientId;
        }
        throw new ApiProblemException(ProblemType.INVALID_TOKEN, "The token names no app (client_id).");
    }
}
