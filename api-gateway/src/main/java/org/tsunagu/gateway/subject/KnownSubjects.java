package org.tsunagu.gateway.subject;

import java.util.Optional;

/**
 * The reverse of pairwise resolution (resident → the app's sub), needed to address webhooks.
 * {@link JdbcKnownSubjects} holds the pairs this gateway has seen; {@link ReverseLookupSubjects}
 * adds id-service's reverse look-up for the others.
 */
public interface KnownSubjects {

    void remember(String appId, String residentId, String sub);

    Optional<String> subFor(String appId, String residentId);
}
