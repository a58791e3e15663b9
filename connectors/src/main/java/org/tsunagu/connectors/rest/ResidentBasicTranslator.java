package org.tsunagu.connectors.rest;

import java.util.Map;

import org.tsunagu.api.connector.model.Address;
import org.tsunagu.api.connector.model.ResidentBasic;

/** Translates the resident registry's document into canonical {@link ResidentBasic}. */
final class ResidentBasicTranslator {

    /** 全国地方公共団体コード (with check digit) → the hub's municipality name. */
    private static final Map<String, String> MUNICIPALITIES = Map.of(
            "072028", "aizuwakamatsu",
            "074071", "bandai",
            "074055", "nishiaizu");

    private ResidentBasicTranslator() {
    }

    static ResidentBasic translate(RegistryResident resident) {
        Require.present(resident, "resident");
        RegistryResident.Shimei shimei = Require.present(resident.shimei(), "shimei");
        String code = Require.present(resident.shichosonCode(), "shichoson_code");
        ResidentBasic basic = new ResidentBasic(
                        Require.present(shimei.sei(), "shimei.sei"),
                        Require.present(shimei.mei(), "shimei.mei"),
                        Require.date(resident.seinengappi(), "seinengappi"),
                        municipality(code))
                .familyNameKana(shimei.seiKana())
                .givenNameKana(shimei.meiKana());
        RegistryResident.Jusho jusho = resident.jusho();
        if (jusho != null) {
            basic.address(new Address()
                    .postalCode(jusho.yubin())
                    .prefecture(jusho.todofuken())
                    .city(jusho.shikuchoson())
                    .line(jusho.banchi()));
        }
        return basic;
    }

    /** The hub's name for a municipality code; an unknown code is passed on as it is. */
    static String municipality(String code) {
        return MUNICIPALITIES.getOrDefault(code, code);
    }
}
