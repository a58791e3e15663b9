package org.tsunagu.connectors.spi;

/** The municipal system does not know the resident's key. */
public final class MunicipalRecordNotFoundException extends ConnectorException {

    public MunicipalRecordNotFoundException(String system) {
        super("The " + system + " system has no record for the resident.", null);
    }
}
