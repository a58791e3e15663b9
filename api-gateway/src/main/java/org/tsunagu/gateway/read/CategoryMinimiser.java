package org.tsunagu.gateway.read;

import java.util.List;
import java.util.Objects;

import org.tsunagu.api.gateway.model.Address;
import org.tsunagu.api.gateway.model.CategoryResponse;
import org.tsunagu.api.gateway.model.DataCategory;
import org.tsunagu.api.gateway.model.ResidentBasic;
import org.tsunagu.api.gateway.model.VaccinationRecord;
import org.tsunagu.api.gateway.model.VaccinationRecords;
import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Copies exactly the requested category's canonical fields, field by field, from a connector
 * answer into the app's response. Nothing else the connector sent (another category, extra
 * fields, its source) can reach the app.
 */
public final class CategoryMinimiser {

    /** @throws ApiProblemException {@code upstream-unavailable} if the answer is not about this resident and category */
    public CategoryResponse minimise(ConnectorAnswer answer, String residentId, DataCategory category) {
        if (answer.getCategory() == null || !category.getValue().equals(answer.getCategory().getValue())
                || !Objects.equals(residentId, answer.getResidentId())) {
            throw malformed();
        }
        CategoryResponse envelope = new CategoryResponse().category(category);
        switch (category) {
            case VACCINATION_RECORDS -> envelope.setVaccinationRecords(copy(answer.getVaccinationRecords()));
            case RESIDENT_BASIC -> envelope.setResidentBasic(copy(answer.getResidentBasic()));
        }
        return envelope;
    }

    private static VaccinationRecords copy(org.tsunagu.client.connector.model.VaccinationRecords from) {
        if (from == null) {
            throw malformed();
        }
        List<VaccinationRecord> records = from.getRecords() == null ? List.of()
                : from.getRecords().stream().filter(Objects::nonNull).map(CategoryMinimiser::copy).toList();
        return new VaccinationRecords().records(records);
    }

    private static VaccinationRecord copy(org.tsunagu.client.connector.model.VaccinationRecord from) {
        return new VaccinationRecord()
                .vaccine(from.getVaccine())
                .vaccineCode(from.getVaccineCode())
                .doseNumber(from.getDoseNumber())
                .administeredOn(from.getAdministeredOn())
                .facility(from.getFacility());
    }

    private static ResidentBasic copy(org.tsunagu.client.connector.model.ResidentBasic from) {
        if (from == null) {
            throw malformed();
        }
        return new ResidentBasic()
                .familyName(from.getFamilyName())
                .givenName(from.getGivenName())
                .familyNameKana(from.getFamilyNameKana())
                .givenNameKana(from.getGivenNameKana())
                .birthDate(from.getBirthDate())
                .municipality(from.getMunicipality())
                .address(copy(from.getAddress()));
    }

    private static Address copy(org.tsunagu.client.connector.model.Address from) {
        if (from == null) {
            return null;
        }
        return new Address()
                .postalCode(from.getPostalCode())
                .prefecture(from.getPrefecture())
                .city(from.getCity())
                .line(from.getLine());
    }

    private static ApiProblemException malformed() {
        return new ApiProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                "The municipal system answered with data this gateway cannot use.");
    }
}
