package org.tsunagu.consent.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/** The FHIR export is a valid R4 Bundle of Consent resources, as the HAPI FHIR validator judges it. */
class FhirExportValidationTest extends ConsentServiceIntegrationTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final FhirValidator VALIDATOR = validator();

    @Test
    void givenExportWithoutTheRequiredStatus_whenValidating_thenTheValidatorReportsAnError() {
        String resident = "RID-F-" + UUID.randomUUID();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        String broken = get("/v1/me/consents/export/fhir", tokenFor(resident)).body()
                .replace("\"status\":\"active\",", "");

        ValidationResult result = VALIDATOR.validateWithResult(broken);

        assertThat(result.getMessages()).anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                && m.getMessage().contains("Consent.status"));
    }

    @Test
    void givenActiveAndRevokedConsents_whenExportingFhir_thenHapiValidatorFindsNoErrors() {
        String resident = "RID-F-" + UUID.randomUUID();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        String revoked = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();
        revoke(resident, revoked);

        Answer export = get("/v1/me/consents/export/fhir", tokenFor(resident));

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/fhir+json");
        ValidationResult result = VALIDATOR.validateWithResult(export.body());
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList();
        assertThat(errors).as(() -> errors.stream()
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList().toString()).isEmpty();

        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, export.body());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(bundle.getEntry()).hasSize(2);
        Consent withdrawn = bundle.getEntry().stream().map(e -> (Consent) e.getResource())
                .filter(c -> c.getIdentifierFirstRep().getValue().equals(revoked)).findFirst().orElseThrow();
        assertThat(withdrawn.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(withdrawn.getProvision().getPurposeFirstRep().getCode()).isEqualTo("CommunicationForCustomerCare");
        assertThat(withdrawn.getOrganizationFirstRep().getDisplay()).isEqualTo("磐梯町教育委員会");
    }

    private static FhirValidator validator() {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR));
        return FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }
}
