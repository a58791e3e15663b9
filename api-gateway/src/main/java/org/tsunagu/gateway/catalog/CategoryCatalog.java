package org.tsunagu.gateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.api.gateway.model.Catalog;
import org.tsunagu.api.gateway.model.CatalogCategory;
import org.tsunagu.api.gateway.model.CatalogEventType;
import org.tsunagu.api.gateway.model.DataCategory;
import org.tsunagu.api.gateway.model.EventType;
import org.tsunagu.api.gateway.model.Purpose;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public catalog: each category's JSON Schema is taken from the gateway's own OpenAPI
 * spec ({@code openapi/gateway.yaml} in the contracts jar, {@code $ref}s inlined), so the
 * catalog cannot drift from what the API answers. Examples live beside it in
 * {@code catalog/examples.json}.
 */
public final class CategoryCatalog {

    private static final Map<DataCategory, String> SCHEMAS = Map.of(
            DataCategory.VACCINATION_RECORDS, "VaccinationRecords",
            DataCategory.RESIDENT_BASIC, "ResidentBasic");
    private static final Map<DataCategory, String> TITLES = Map.of(
            DataCategory.VACCINATION_RECORDS, "予防接種記録 (vaccination records)",
            DataCategory.RESIDENT_BASIC, "住民基本情報 (basic resident information)");
    private static final Map<DataCategory, String> DESCRIPTIONS = Map.of(
            DataCategory.VACCINATION_RECORDS,
            "The resident's vaccination history from the municipal health system.",
            DataCategory.RESIDENT_BASIC,
            "Name, birth date, municipality and address from the resident registry.");

    private final Catalog catalog;

    public CategoryCatalog(JsonMapper mapper) {
        Map<String, Object> schemas = componentSchemas(mapper);
        Map<String, Map<String, Object>> examples = read(mapper, "catalog/examples.json");
        List<Purpose> allPurposes = Arrays.asList(Purpose.values());
        List<CatalogCategory> categories = new ArrayList<>();
        for (DataCategory category : DataCategory.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) inline(schemas.get(SCHEMAS.get(category)), schemas);
            categories.add(new CatalogCategory(category, TITLES.get(category), DESCRIPTIONS.get(category),
                    allPurposes, schema, examples.getOrDefault(category.getValue(), Map.of()))
                    .readPaths(List.of("/v1/me/" + category.getValue(), "/v1/residents/{sub}/" + category.getValue())));
        }
        List<CatalogEventType> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            events.add(new CatalogEventType(type, EventTypes.categoryOf(type), EventTypes.description(type),
                    allPurposes));
        }
        this.catalog = new Catalog(categories, events);
    }

    public Catalog catalog() {
        return catalog;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> componentSchemas(JsonMapper mapper) {
        Map<String, Object> spec = Yaml.load("openapi/gateway.yaml");
        return (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
    }

    /** Replaces {@code $ref: '#/components/schemas/X'} by a copy of X, recursively. */
    @SuppressWarnings("unchecked")
    private static Object inline(Object node, Map<String, Object> schemas) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String s && s.startsWith("#/components/schemas/")) {
                return inline(schemas.get(s.substring(s.lastIndexOf('/') + 1)), schemas);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, inline(v, schemas)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> inline(v, schemas)).toList();
        }
        return node;
    }

    private static Map<String, Map<String, Object>> read(JsonMapper mapper, String resource) {
        try (InputStream in = CategoryCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return mapper.readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
