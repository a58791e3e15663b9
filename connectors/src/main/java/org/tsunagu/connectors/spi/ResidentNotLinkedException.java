package org.tsunagu.connectors.spi;

/** The resident has no key in the municipal system that holds the category. */
public final class ResidentNotLinkedException extends ConnectorException {

    public ResidentNotLinkedException(String system) {
        super("The resident is not linked to the " + system + " system.", null);
    }
}
