package org.tsunagu.connectors.rest;

import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;
import org.tsunagu.connectors.link.ResidentLinks;

import tools.jackson.databind.json.JsonMapper;

/** The municipal health system: answers {@code vaccination-records}. */
final class HealthConnector extends MunicipalRestConnector<HealthPatient> {

    static final String SYSTEM = "health";

    HealthConnector(String baseUrl, ResidentLinks links, MunicipalHttpClient http, JsonMapper jsonMapper) {
        super(SYSTEM, DataCategory.VACCINATION_RECORDS, HealthPatient.class, baseUrl, links, http, jsonMapper);
    }

    @Override
    String pathTemplate() {
        return "/api/v1/patients/{key}/vaccinations";
    }

    @Override
    void translateInto(HealthPatient document, ConnectorAnswer answer) {
        answer.vaccinationRecords(VaccinationTranslator.translate(document));
    }
}
