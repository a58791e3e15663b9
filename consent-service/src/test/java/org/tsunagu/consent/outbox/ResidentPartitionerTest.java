package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The partition is what Kafka's default partitioner would pick for the resident id as key. */
class ResidentPartitionerTest {

    @Test
    void givenResidentId_whenPartitioning_thenSameAsKafkasKeyPartitioning() {
        for (String resident : new String[] {"RID-0001", "RID-0002", "RID-0003", "RID-ÄÖÜ-住民"}) {
            assertThat(ResidentPartitioner.partitionFor(resident, 3))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(resident.getBytes(StandardCharsets.UTF_8), 3));
        }
    }
}
