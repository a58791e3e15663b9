package org.tsunagu.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test documents as the municipal systems send them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String classpathResource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + classpathResource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
