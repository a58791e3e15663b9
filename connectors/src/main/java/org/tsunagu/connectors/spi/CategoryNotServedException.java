package org.tsunagu.connectors.spi;

/** No installed connector serves the requested category. */
public final class CategoryNotServedException extends ConnectorException {

    public CategoryNotServedException(String category) {
        super("No connector serves the category " + category + ".", null);
    }
}
