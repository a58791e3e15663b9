package org.tsunagu.connectors.link;

import java.util.Optional;

/** Looks up the key a regional resident has in one municipal system. */
public interface ResidentLinks {

    /** The resident's key in the system, or empty if the resident is not linked there. */
    Optional<String> municipalKey(String residentId, String system);

    /** The regional resident id linked to a key of the system, or empty if none is. */
    Optional<String> residentId(String system, String municipalKey);
}
