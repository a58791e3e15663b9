package org.tsunagu.connectors.events;

/** A signed notice the connector will not accept as it is (400 bad-request, or 404 when the key is unknown). */
public final class NoticeRejectedException extends RuntimeException {

    private final boolean unknownResident;

    private NoticeRejectedException(String message, boolean unknownResident) {
        super(message);
        this.unknownResident = unknownResident;
    }

    static NoticeRejectedException badRequest(String message) {
        return new NoticeRejectedException(message, false);
    }

    static NoticeRejectedException unknownResident(String system) {
        return new NoticeRejectedException("No regional resident is linked to that key in the " + system
                + " system.", true);
    }

    public boolean unknownResident() {
        return unknownResident;
    }
}
