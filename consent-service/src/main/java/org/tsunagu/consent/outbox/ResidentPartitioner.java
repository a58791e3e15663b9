package org.tsunagu.consent.outbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Chooses a partition from the resident id alone (murmur2, as Kafka's default partitioner does
 * for keys), so all of one resident's consent events stay in order on one partition.
 */
public final class ResidentPartitioner {

    private ResidentPartitioner() {
    }

    public static int partitionFor(String residentId, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be positive");
        }
        return Utils.toPositive(Utils.murmur2(residentId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
