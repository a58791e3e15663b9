package org.tsunagu.gateway.webhook;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.gateway.OperatorApi;
import org.tsunagu.api.gateway.model.DeadLetter;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** Operators (role {@code operator}, checked by security) list and re-drive dead-lettered webhooks. */
@RestController
public class DeadLettersController implements OperatorApi {

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    public DeadLettersController(WebhookStore store, WebhookDispatcher dispatcher, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public ResponseEntity<List<DeadLetter>> listDeadLetters() {
        return ResponseEntity.ok(store.deadLetters(200).stream()
                .map(d -> new DeadLetter(d.id(), d.subscriptionId(), d.appId(), d.eventId(), d.eventType(),
                        d.attempts(), d.updatedAt().atOffset(ZoneOffset.UTC)).lastError(d.lastError()))
                .toList());
    }

    @Override
    public ResponseEntity<Void> redriveDeadLetter(String deliveryId) {
        if (!store.redrive(deliveryId, clock.instant())) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "There is no dead-lettered delivery of this id.");
        }
        dispatcher.nudge();
        return ResponseEntity.accepted().build();
    }
}
