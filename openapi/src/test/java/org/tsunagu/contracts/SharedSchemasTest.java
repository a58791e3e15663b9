package org.tsunagu.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every spec carries its own copy of the shared schemas (ADR 0006); this keeps each copy
 * identical to {@code specs/common.yaml}.
 */
class SharedSchemasTest {

    private static final Path SPECS = Path.of("specs");

    static Stream<String> specs() {
        return Stream.of("gateway.yaml", "consent.yaml", "audit.yaml", "connector.yaml", "id.yaml");
    }

    @ParameterizedTest
    @MethodSource("specs")
    void givenASpec_thenEverySharedSchemaItCarriesEqualsCommonYaml(String spec) throws IOException {
        Map<String, Object> common = schemas(SPECS.resolve("common.yaml"));
        Map<String, Object> own = schemas(SPECS.resolve(spec));
        long shared = own.keySet().stream().filter(common::containsKey).count();
        assertThat(shared).as("%s carries shared schemas", spec).isPositive();
        own.forEach((name, schema) -> {
            if (common.containsKey(name)) {
                assertThat(schema).as("%s: schema %s differs from common.yaml", spec, name).isEqualTo(common.get(name));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> doc = new Yaml().load(reader);
            return (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
        }
    }
}
