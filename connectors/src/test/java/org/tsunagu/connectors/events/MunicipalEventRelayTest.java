package org.tsunagu.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import java.util.function.Supplier;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.tsunagu.contracts.events.MunicipalEvent;

class MunicipalEventRelayTest {

    private final MunicipalEventOutbox outbox = mock(MunicipalEventOutbox.class);
    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, MunicipalEvent> kafka = mock(KafkaTemplate.class);
    private final MunicipalEventRelay relay = new MunicipalEventRelay(outbox, kafka, "topic", Duration.ofMillis(10),
            Duration.ofMillis(20));
    private final MunicipalEventOutbox.Entry entry = new MunicipalEventOutbox.Entry(7, UUID.randomUUID(), "RID-0001",
            "{}");

    @BeforeEach
    void batchesRunAsIs() {
        when(outbox.exclusively(any())).thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenABatchWhoseSecondSendFails_whenRelayed_thenAllWereSentFirst_andOnlyTheFirstIsMarked() {
        var second = new MunicipalEventOutbox.Entry(8, UUID.randomUUID(), "RID-0002", "{}");
        var third = new MunicipalEventOutbox.Entry(9, UUID.randomUUID(), "RID-0003", "{}");
        when(outbox.pending(100)).thenReturn(List.of(entry, second, third));
        when(outbox.read(any())).thenReturn(new MunicipalEvent());
        when(kafka.send(any(ProducerRecord.class))).thenReturn(
                CompletableFuture.completedFuture(mock(SendResult.class)),
                CompletableFuture.failedFuture(new IllegalStateException("broker away")),
                CompletableFuture.completedFuture(mock(SendResult.class)));

        assertThatThrownBy(relay::relayPending).hasRootCauseMessage("broker away");

        verify(kafka, org.mockito.Mockito.times(3)).send(any(ProducerRecord.class)); // sent before any ack awaited
        verify(outbox).markPublished(List.of(7L)); // 9 may be on the broker: re-sent later, same eventId
    }

    @Test
    void givenKafkaDown_whenRelayed_thenTheEventStaysInTheOutbox() {
        when(outbox.pending(100)).thenReturn(List.of(entry));
        when(outbox.read(entry)).thenReturn(new MunicipalEvent());
        when(kafka.send(any(ProducerRecord.class)))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker away")));

        assertThatThrownBy(relay::relayPending).hasRootCauseMessage("broker away");
        verify(outbox, never()).markPublished(any(List.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenKafkaAcks_whenRelayed_thenPublishedKeyedByResidentAndMarked() throws Exception {
        when(outbox.pending(100)).thenReturn(List.of(entry));
        when(outbox.read(entry)).thenReturn(new MunicipalEvent());
        when(kafka.send(any(ProducerRecord.class))).thenReturn(CompletableFuture.completedFuture(
                mock(SendResult.class)));

        assertThat(relay.relayPending()).isEqualTo(1);

        ArgumentCaptor<ProducerRecord<String, MunicipalEvent>> sent = ArgumentCaptor.forClass(ProducerRecord.class);
        verify(kafka).send(sent.capture());
        assertThat(sent.getValue().key()).isEqualTo("RID-0001");
        assertThat(sent.getValue().topic()).isEqualTo("topic");
        verify(outbox).markPublished(List.of(7L));
    }
}
