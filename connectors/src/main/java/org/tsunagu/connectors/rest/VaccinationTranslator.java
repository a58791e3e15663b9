package org.tsunagu.connectors.rest;

import java.util.List;

import org.tsunagu.api.connector.model.VaccinationRecord;
import org.tsunagu.api.connector.model.VaccinationRecords;

/** Translates the health system's patient document into canonical {@link VaccinationRecords}. */
final class VaccinationTranslator {

    private VaccinationTranslator() {
    }

    static VaccinationRecords translate(HealthPatient patient) {
        Require.present(patient, "patient");
        List<VaccinationRecord> records = Require.present(patient.vaccinations(), "vaccinations").stream()
                .map(VaccinationTranslator::translate)
                .toList();
        return new VaccinationRecords(records);
    }

    private static VaccinationRecord translate(HealthPatient.Vaccination v) {
        Require.present(v, "vaccination");
        int dose = Require.present(v.doseNo(), "dose_no");
        if (dose < 1) {
            throw new MalformedMunicipalDataException("dose_no below 1");
        }
        return new VaccinationRecord(
                        Require.present(v.vaccineName(), "vaccine_name"),
                        dose,
                        Require.date(v.administeredOn(), "administered_on"))
                .vaccineCode(v.vaccineCode())
                .facility(v.clinic());
    }
}
