package org.tsunagu.gateway.read;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.api.gateway.model.CategoryResponse;
import org.tsunagu.api.gateway.model.DataCategory;
import org.tsunagu.api.gateway.model.Purpose;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.audit.AccessRecordSink;
import org.tsunagu.gateway.connector.ConnectorClient;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;
import org.tsunagu.gateway.subject.AppDirectory;
import org.tsunagu.gateway.subject.PairwiseResolver;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Where consent is enforced. One read, in order: resolve the pairwise sub, check the category,
 * settle the purpose, decide from the local consent view, ask the connector, minimise, and
 * record the access (allowed or denied) before answering. If the record cannot be written,
 * nothing leaves: {@code audit-unavailable}.
 */
public class ReadService {

    private final ConsentView view;
    private final PairwiseResolver subjects;
    private final AppDirectory apps;
    private final ConnectorClient connector;
    private final CategoryMinimiser minimiser;
    private final AccessRecordSink audit;
    private final Clock clock;

    public ReadService(ConsentView view, PairwiseResolver subjects, AppDirectory apps,
            ConnectorClient connector, CategoryMinimiser minimiser, AccessRecordSink audit, Clock clock) {
        this.view = view;
        this.subjects = subjects;
        this.apps = apps;
        this.connector = connector;
        this.minimiser = minimiser;
        this.audit = audit;
        this.clock = clock;
    }

    public CategoryResponse read(ReadRequest request) {
        if (!view.isCaughtUp()) {
            throw new ApiProblemException(ProblemType.CONSENT_VIEW_UNAVAILABLE,
                    "Consents are still being loaded; try again shortly.");
        }
        String residentId = subjects.residentIdFor(request.clientId(), request.sub());
        Purpose purpose = null;
        String consentId = null;
        try {
            DataCategory category = parseCategory(request.category());
            purpose = choosePurpose(request.clientId(), request.purposeHeader());
            ConsentKey key = new ConsentKey(residentId, request.clientId(), category.getValue(), purpose.getValue());
            Decision decision = view.decide(key, clock.instant());
            if (decision instanceof Decision.Denied denied) {
                consentId = denied.consentId();
                throw new ApiProblemException(ProblemType.valueOf(denied.reason().name()),
                        denialDetail(denied, category, purpose));
            }
            consentId = ((Decision.Allowed) decision).consentId();
            CategoryResponse response = minimiser.minimise(
                    connector.query(residentId, toConnector(category), request.correlationId()), residentId, category)
                    .subject(request.sub())
                    .purpose(purpose)
                    .consentId(consentId)
                    .retrievedAt(now());
            audit.write(record(request, residentId, purpose, AccessRecord.DecisionEnum.ALLOWED, "granted", consentId));
            return response;
        } catch (ApiProblemException refusal) {
            if (refusal.type() != ProblemType.AUDIT_UNAVAILABLE) {
                audit.write(record(request, residentId, purpose, AccessRecord.DecisionEnum.DENIED,
                        refusal.type().slug(), consentId));
            }
            throw refusal;
        }
    }

    private static DataCategory parseCategory(String raw) {
        return Arrays.stream(DataCategory.values()).filter(c -> c.getValue().equals(raw)).findFirst()
                .orElseThrow(() -> new ApiProblemException(ProblemType.UNKNOWN_CATEGORY,
                        "There is no such data category."));
    }

    private Purpose choosePurpose(String clientId, String header) {
        Set<String> declared = apps.declaredPurposes(clientId);
        if (header != null) {
            Purpose purpose = Arrays.stream(Purpose.values()).filter(p -> p.getValue().equals(header)).findFirst()
                    .orElseThrow(() -> new ApiProblemException(ProblemType.BAD_REQUEST,
                            "Tsunagu-Purpose is not a known purpose."));
            if (!declared.contains(purpose.getValue())) {
                throw new ApiProblemException(ProblemType.PURPOSE_NOT_DECLARED,
                        "This app did not declare the purpose " + purpose.getValue() + ".");
            }
            return purpose;
        }
        Optional<Purpose> only = declared.size() == 1
                ? Arrays.stream(Purpose.values()).filter(p -> declared.contains(p.getValue())).findFirst()
                : Optional.empty();
        return only.orElseThrow(() -> new ApiProblemException(ProblemType.PURPOSE_REQUIRED,
                "Name the purpose of this read in the Tsunagu-Purpose header."));
    }

    private static String denialDetail(Decision.Denied denied, DataCategory category, Purpose purpose) {
        String what = category.getValue() + " for " + purpose.getValue();
        return switch (denied.reason()) {
            case CONSENT_REQUIRED -> "The resident has not opted in to share " + what + " with this app.";
            case CONSENT_REVOKED -> "The resident withdrew consent to share " + what + " with this app.";
            case CONSENT_EXPIRED -> "The resident's consent to share " + what + " with this app is not in force.";
        };
    }

    private static org.tsunagu.client.connector.model.DataCategory toConnector(DataCategory category) {
        return org.tsunagu.client.connector.model.DataCategory.fromValue(category.getValue());
    }

    private AccessRecord record(ReadRequest request, String residentId, Purpose purpose,
            AccessRecord.DecisionEnum decision, String reason, String consentId) {
        AccessRecord record = new AccessRecord(UUID.randomUUID(), now(), residentId, request.clientId(),
                request.category(), decision, reason, AccessRecord.ChannelEnum.API_READ);
        record.setCorrelationId(request.correlationId());
        record.setSubject(request.sub());
        record.setPurpose(purpose == null ? null : purpose.getValue());
        record.setConsentId(consentId);
        return record;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
