package org.tsunagu.consent.apps;

/** The app directory could not be asked; nothing that depends on it may change. */
public class AppDirectoryUnavailableException extends RuntimeException {

    public AppDirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
