package org.tsunagu.consent.purpose;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The hub's controlled vocabulary of purposes, each mapped to a W3C Data Privacy Vocabulary
 * (DPV) purpose, so receipts, exports and API answers name the purpose in a shared language.
 */
public enum PurposeVocabulary {
    SERVICE_PROVISION("service-provision", "ServiceProvision", "サービスの提供", "Providing the service"),
    NOTIFICATION("notification", "CommunicationForCustomerCare", "お知らせの送付", "Sending you notices"),
    PERSONALISATION("personalisation", "ServicePersonalisation", "あなたに合わせた表示", "Personalising the service"),
    OFFICIAL_STATISTICS("official-statistics", "ResearchAndDevelopment", "公的統計", "Official statistics");

    /** The DPV namespace (https://w3id.org/dpv#). */
    public static final String DPV_NAMESPACE = "https://w3id.org/dpv#";

    private final String code;
    private final String dpvTerm;
    private final String labelJa;
    private final String labelEn;

    PurposeVocabulary(String code, String dpvTerm, String labelJa, String labelEn) {
        this.code = code;
        this.dpvTerm = dpvTerm;
        this.labelJa = labelJa;
        this.labelEn = labelEn;
    }

    public static Optional<PurposeVocabulary> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The DPV IRI of a vocabulary code; unknown codes (never stored) map to dpv:Purpose. */
    public static URI iriOf(String code) {
        return of(code).map(PurposeVocabulary::dpvIri).orElse(URI.create(DPV_NAMESPACE + "Purpose"));
    }

    public String code() {
        return code;
    }

    public URI dpvIri() {
        return URI.create(DPV_NAMESPACE + dpvTerm);
    }

    public String label(boolean japanese) {
        return japanese ? labelJa : labelEn;
    }
}
