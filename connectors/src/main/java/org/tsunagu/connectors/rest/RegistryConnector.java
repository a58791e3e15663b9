package org.tsunagu.connectors.rest;

import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;
import org.tsunagu.connectors.link.ResidentLinks;

import tools.jackson.databind.json.JsonMapper;

/** The municipal resident registry (住民基本台帳): answers {@code resident-basic}. */
final class RegistryConnector extends MunicipalRestConnector<RegistryResident> {

    static final String SYSTEM = "registry";

    RegistryConnector(String baseUrl, ResidentLinks links, MunicipalHttpClient http, JsonMapper jsonMapper) {
        super(SYSTEM, DataCategory.RESIDENT_BASIC, RegistryResident.class, baseUrl, links, http, jsonMapper);
    }

    @Override
    String pathTemplate() {
        return "/api/v1/residents/{key}";
    }

    @Override
    void translateInto(RegistryResident document, ConnectorAnswer answer) {
        answer.residentBasic(ResidentBasicTranslator.translate(document));
    }
}
