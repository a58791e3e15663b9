package org.tsunagu.gateway.catalog;

import org.tsunagu.api.gateway.model.DataCategory;
import org.tsunagu.api.gateway.model.EventType;

/** Which category each municipal event type concerns: its consent is what delivery checks. */
public final class EventTypes {

    private EventTypes() {
    }

    public static DataCategory categoryOf(EventType type) {
        return switch (type) {
            case VACCINATION_DUE -> DataCategory.VACCINATION_RECORDS;
            case ADDRESS_CHANGED -> DataCategory.RESIDENT_BASIC;
        };
    }

    public static String description(EventType type) {
        return switch (type) {
            case VACCINATION_DUE -> "A vaccination is due for the resident (予防接種のお知らせ).";
            case ADDRESS_CHANGED -> "The resident registry recorded a new address (住所変更).";
        };
    }
}
