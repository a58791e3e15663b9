package org.tsunagu.connectors.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The health system's patient document, reduced to what the canonical model carries:
 * name, address, insurance number, lot number and doctor are never even read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record HealthPatient(@JsonProperty("vaccinations") List<Vaccination> vaccinations) {

    /** One vaccination as the health system records it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Vaccination(
            @JsonProperty("vaccine_code") String vaccineCode,
            @JsonProperty("vaccine_name") String vaccineName,
            @JsonProperty("dose_no") Integer doseNo,
            @JsonProperty("administered_on") String administeredOn,
            @JsonProperty("clinic") String clinic) {
    }
}
