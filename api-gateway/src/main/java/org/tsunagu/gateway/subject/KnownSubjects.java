package org.tsunagu.gateway.subject;

import java.util.Optional;

/**
 * The reverse of pairwise resolution (resident → the app's sub), limited to the pairs this
 * gateway has resolved itself. Needed to address webhooks; id-service offers no reverse
 * look-up yet, so a resident whose sub the app never used at this gateway cannot be addressed.
 */
public interface KnownSubjects {

    void remember(String appId, String residentId, String sub);

    Optional<String> subFor(String appId, String residentId);
}
