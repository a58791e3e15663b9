package org.tsunagu.connectors.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.tsunagu.api.connector.model.ResidentBasic;
import org.tsunagu.connectors.Fixtures;

import tools.jackson.databind.json.JsonMapper;

class ResidentBasicTranslatorTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private RegistryResident hanako() {
        return json.readValue(Fixtures.read("/municipal/registry-JK-07-0042.json"), RegistryResident.class);
    }

    @Test
    void givenRegistryResident_whenTranslated_thenNameBirthDateMunicipalityAndAddressAreCanonical() {
        ResidentBasic basic = ResidentBasicTranslator.translate(hanako());

        assertThat(basic.getFamilyName()).isEqualTo("会津");
        assertThat(basic.getGivenName()).isEqualTo("花子");
        assertThat(basic.getFamilyNameKana()).isEqualTo("アイヅ");
        assertThat(basic.getGivenNameKana()).isEqualTo("ハナコ");
        assertThat(basic.getBirthDate()).isEqualTo(LocalDate.of(1948, 3, 15));
        assertThat(basic.getMunicipality()).isEqualTo("aizuwakamatsu");
        assertThat(basic.getAddress().getPostalCode()).isEqualTo("965-0872");
        assertThat(basic.getAddress().getPrefecture()).isEqualTo("福島県");
        assertThat(basic.getAddress().getCity()).isEqualTo("会津若松市");
        assertThat(basic.getAddress().getLine()).isEqualTo("東栄町3-46");
    }

    @Test
    void givenRegistryResident_whenTranslated_thenMyNumberAndHouseholdAreNeverCarried() {
        String canonical = json.writeValueAsString(ResidentBasicTranslator.translate(hanako()));

        assertThat(canonical).doesNotContain("123456789012", "会津 一郎", "妻", "JK-07-0042");
    }

    @Test
    void givenKnownMunicipalityCodes_whenMapped_thenHubNames() {
        assertThat(ResidentBasicTranslator.municipality("072028")).isEqualTo("aizuwakamatsu");
        assertThat(ResidentBasicTranslator.municipality("074071")).isEqualTo("bandai");
        assertThat(ResidentBasicTranslator.municipality("074055")).isEqualTo("nishiaizu");
    }

    @Test
    void givenUnknownMunicipalityCode_whenMapped_thenTheCodeItself() {
        assertThat(ResidentBasicTranslator.municipality("999999")).isEqualTo("999999");
    }

    @Test
    void givenResidentWithoutAddress_whenTranslated_thenNoAddress() {
        RegistryResident resident = json.readValue(
                "{\"shimei\":{\"sei\":\"磐梯\",\"mei\":\"太郎\"},\"seinengappi\":\"1985-07-01\",\"shichoson_code\":\"074071\"}",
                RegistryResident.class);

        ResidentBasic basic = ResidentBasicTranslator.translate(resident);

        assertThat(basic.getAddress()).isNull();
        assertThat(basic.getMunicipality()).isEqualTo("bandai");
    }

    @Test
    void givenResidentWithoutName_whenTranslated_thenMalformed() {
        RegistryResident resident = json.readValue(
                "{\"seinengappi\":\"1985-07-01\",\"shichoson_code\":\"074071\"}", RegistryResident.class);

        assertThatThrownBy(() -> ResidentBasicTranslator.translate(resident))
                .isInstanceOf(MalformedMunicipalDataException.class);
    }
}
