package org.tsunagu.connectors.spi;

/** Why a connector could not answer; each subtype maps to one problem type. */
public abstract sealed class ConnectorException extends RuntimeException
        permits ResidentNotLinkedException, MunicipalRecordNotFoundException,
                UpstreamUnavailableException, CategoryNotServedException {

    protected ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
