package org.tsunagu.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.api.gateway.model.CategoryResponse;
import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.client.connector.model.VaccinationRecord;
import org.tsunagu.client.connector.model.VaccinationRecords;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.connector.ConnectorClient;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** The read path with fake seams: what happens when the audit log cannot be written. */
class ReadServiceTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String APP = "app";
    private static final String SUB = "sub-1";
    private static final String RESIDENT = "resident-1";

    private final ConsentView view = new ConsentView();
    private final List<AccessRecord> written = new ArrayList<>();
    private final AccessRecordSink recordingSink = written::add;
    private final AccessRecordSink failingSink = record -> {
        throw new ApiProblemException(ProblemType.AUDIT_UNAVAILABLE, "broker down");
    };
    private final ConnectorClient connector = (residentId, category, correlationId) -> new ConnectorAnswer()
            .residentId(residentId).category(category).source("test")
            .vaccinationRecords(new VaccinationRecords().records(List.of(new VaccinationRecord()
                    .vaccine("BCG").doseNumber(1).administeredOn(java.time.LocalDate.parse("2020-01-01")))));

    private ReadService service(AccessRecordSink sink) {
        view.markCaughtUp();
        return new ReadService(view, (clientId, sub) -> RESIDENT,
                clientId -> Set.of("service-provision"), connector, new CategoryMinimiser(), sink,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void grant() {
        OffsetDateTime t = NOW.atOffset(ZoneOffset.UTC);
        view.apply(new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED, t,
                new ConsentState("c1", 1, RESIDENT, APP, "vaccination-records", "service-provision",
                        ConsentState.StatusEnum.ACTIVE, t.minusDays(1), t.plusDays(1))));
    }

    private static ReadRequest request() {
        return new ReadRequest(APP, SUB, "vaccination-records", null, "corr-1");
    }

    @Test
    void givenConsentAndWorkingAudit_whenReading_thenDataAndAnAllowedRecord() {
        grant();

        CategoryResponse response = service(recordingSink).read(request());

        assertThat(response.getVaccinationRecords().getRecords()).hasSize(1);
        assertThat(written).singleElement().satisfies(r -> {
            assertThat(r.getDecision()).isEqualTo(AccessRecord.DecisionEnum.ALLOWED);
            assertThat(r.getReason()).isEqualTo("granted");
            assertThat(r.getConsentId()).isEqualTo("c1");
        });
    }

    @Test
    void givenConsentButAuditDown_whenReading_thenAuditUnavailableAndNoData() {
        grant();
        ReadService reads = service(failingSink);

        assertThatThrownBy(() -> reads.read(request()))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.AUDIT_UNAVAILABLE));
    }

    @Test
    void givenNoConsentAndAuditDown_whenReading_thenAuditUnavailableRatherThanTheDenial() {
        ReadService reads = service(failingSink);

        assertThatThrownBy(() -> reads.read(request()))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.AUDIT_UNAVAILABLE));
    }

    @Test
    void givenViewNotCaughtUp_whenReading_thenConsentViewUnavailable() {
        ReadService reads = new ReadService(new ConsentView(), (c, s) -> RESIDENT,
                c -> Set.of("service-provision"), connector, new CategoryMinimiser(), recordingSink, Clock.systemUTC());

        assertThatThrownBy(() -> reads.read(request()))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.CONSENT_VIEW_UNAVAILABLE));
        assertThat(written).isEmpty();
    }

    @Test
    void givenPurposeNotDeclared_whenReading_thenPurposeNotDeclaredAndDeniedRecord() {
        grant();

        assertThatThrownBy(() -> service(recordingSink)
                .read(new ReadRequest(APP, SUB, "vaccination-records", "notification", "corr-2")))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.PURPOSE_NOT_DECLARED));
        assertThat(written).singleElement().satisfies(r -> {
            assertThat(r.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
            assertThat(r.getReason()).isEqualTo("purpose-not-declared");
        });
    }

    @Test
    void givenConnectorAnswerForAnotherResident_whenReading_thenUpstreamUnavailable() {
        grant();
        ConnectorClient confused = (residentId, category, correlationId) -> new ConnectorAnswer()
                .residentId("someone-else").category(DataCategory.VACCINATION_RECORDS)
                .vaccinationRecords(new VaccinationRecords());
        ReadService reads = new ReadService(view, (c, s) -> RESIDENT,
                c -> Set.of("service-provision"), confused, new CategoryMinimiser(), recordingSink,
                Clock.fixed(NOW, ZoneOffset.UTC));
        view.markCaughtUp();

        assertThatThrownBy(() -> reads.read(request()))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE));
        assertThat(written).singleElement()
                .satisfies(r -> assertThat(r.getReason()).isEqualTo("upstream-unavailable"));
    }
}
