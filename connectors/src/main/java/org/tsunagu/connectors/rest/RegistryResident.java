package org.tsunagu.connectors.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The resident registry's document, reduced to what the canonical model carries:
 * my_number, setai_nushi and zokugara are never even read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RegistryResident(
        @JsonProperty("shimei") Shimei shimei,
        @JsonProperty("seinengappi") String seinengappi,
        @JsonProperty("jusho") Jusho jusho,
        @JsonProperty("shichoson_code") String shichosonCode) {

    /** 氏名: family and given name with their kana readings. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Shimei(
            @JsonProperty("sei") String sei,
            @JsonProperty("mei") String mei,
            @JsonProperty("sei_kana") String seiKana,
            @JsonProperty("mei_kana") String meiKana) {
    }

    /** 住所: postal code, prefecture, city and the rest of the address. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Jusho(
            @JsonProperty("yubin") String yubin,
            @JsonProperty("todofuken") String todofuken,
            @JsonProperty("shikuchoson") String shikuchoson,
            @JsonProperty("banchi") String banchi) {
    }
}
