package org.tsunagu.gateway.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads a YAML classpath resource into plain maps and lists (safe constructor: no Java types). */
final class Yaml {

    private Yaml() {
    }

    static Map<String, Object> load(String resource) {
        try (InputStream in = Yaml.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
