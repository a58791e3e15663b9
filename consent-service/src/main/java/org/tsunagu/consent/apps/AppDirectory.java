package org.tsunagu.consent.apps;

import java.util.Optional;

/** The regional ID's directory of registered apps. */
public interface AppDirectory {

    /**
     * @return the app, or empty when no such app is registered
     * @throws AppDirectoryUnavailableException when the directory cannot answer (fail closed)
     */
    Optional<RegisteredApp> find(String appId);
}
