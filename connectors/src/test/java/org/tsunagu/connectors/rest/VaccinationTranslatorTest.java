package org.tsunagu.connectors.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.tsunagu.api.connector.model.VaccinationRecord;
import org.tsunagu.api.connector.model.VaccinationRecords;
import org.tsunagu.connectors.Fixtures;

import tools.jackson.databind.json.JsonMapper;

class VaccinationTranslatorTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void givenHealthPatient_whenTranslated_thenEachVaccinationIsCanonical() {
        HealthPatient patient = json.readValue(Fixtures.read("/municipal/health-HK-20571.json"), HealthPatient.class);

        VaccinationRecords records = VaccinationTranslator.translate(patient);

        assertThat(records.getRecords()).hasSize(2);
        VaccinationRecord first = records.getRecords().get(0);
        assertThat(first.getVaccine()).isEqualTo("インフルエンザHA");
        assertThat(first.getVaccineCode()).isEqualTo("FLU");
        assertThat(first.getDoseNumber()).isEqualTo(1);
        assertThat(first.getAdministeredOn()).isEqualTo(LocalDate.of(2025, 11, 4));
        assertThat(first.getFacility()).isEqualTo("会津若松市 北会津診療所");
    }

    @Test
    void givenHealthPatient_whenTranslated_thenNameAddressInsuranceLotAndDoctorAreNotCarried() {
        HealthPatient patient = json.readValue(Fixtures.read("/municipal/health-HK-20571.json"), HealthPatient.class);

        String canonical = json.writeValueAsString(VaccinationTranslator.translate(patient));

        assertThat(canonical).doesNotContain("会津 花子", "東栄町", "07-123456", "FL-2511-03", "CV-2510-11",
                "佐藤 一郎", "鈴木 恵");
    }

    @Test
    void givenNoVaccinations_whenTranslated_thenEmptyRecords() {
        HealthPatient patient = json.readValue("{\"patient_no\":\"X\",\"vaccinations\":[]}", HealthPatient.class);

        assertThat(VaccinationTranslator.translate(patient).getRecords()).isEmpty();
    }

    @Test
    void givenVaccinationWithoutDate_whenTranslated_thenMalformed() {
        HealthPatient patient = json.readValue(
                "{\"vaccinations\":[{\"vaccine_name\":\"FLU\",\"dose_no\":1}]}", HealthPatient.class);

        assertThatThrownBy(() -> VaccinationTranslator.translate(patient))
                .isInstanceOf(MalformedMunicipalDataException.class);
    }

    @Test
    void givenVaccinationWithBadDate_whenTranslated_thenMalformed() {
        HealthPatient patient = json.readValue(
                "{\"vaccinations\":[{\"vaccine_name\":\"FLU\",\"dose_no\":1,\"administered_on\":\"R7.11.4\"}]}",
                HealthPatient.class);

        assertThatThrownBy(() -> VaccinationTranslator.translate(patient))
                .isInstanceOf(MalformedMunicipalDataException.class);
    }

    @Test
    void givenPatientWithoutVaccinationList_whenTranslated_thenMalformed() {
        HealthPatient patient = json.readValue("{\"patient_no\":\"X\"}", HealthPatient.class);

        assertThatThrownBy(() -> VaccinationTranslator.translate(patient))
                .isInstanceOf(MalformedMunicipalDataException.class);
    }
}
