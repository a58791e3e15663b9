package org.tsunagu.gateway.subject;

import java.util.Set;

/** What apps declared when they registered: here, their purposes of use. */
public interface AppDirectory {

    /**
     * @return the purpose values the app declared (empty if the app is unknown)
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code dependency-unavailable} when it cannot be asked
     */
    Set<String> declaredPurposes(String clientId);
}
