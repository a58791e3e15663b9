package org.tsunagu.gateway.subject;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/** What apps declared when they registered, as the hub operator approved it. */
public interface AppDirectory {

    /**
     * @return the purpose values the app declared (empty if the app is unknown)
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code dependency-unavailable} when it cannot be asked
     */
    Set<String> declaredPurposes(String clientId);

    /**
     * @return the webhook URL the operator approved for the app (empty if none, or the app is unknown;
     *         empty unless a directory knows better: no approved URL, no subscriptions)
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code dependency-unavailable} when it cannot be asked
     */
    default Optional<URI> approvedWebhookUrl(String clientId) {
        return Optional.empty();
    }
}
