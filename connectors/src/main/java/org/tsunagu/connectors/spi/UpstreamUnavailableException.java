package org.tsunagu.connectors.spi;

/** The municipal system failed, timed out, was unreachable or answered something unreadable. */
public final class UpstreamUnavailableException extends ConnectorException {

    public UpstreamUnavailableException(String system, Throwable cause) {
        super("The " + system + " system is not available.", cause);
    }
}
