package org.tsunagu.launcher.services;

import java.util.List;

/**
 * One hub service as the launcher runs it: its name, its runnable jar's file name, its
 * port, and the extra {@code --name=value} arguments it needs beyond the common ones.
 */
public record ServiceSpec(String name, String jarName, int port, List<String> arguments) {

    public ServiceSpec {
        arguments = List.copyOf(arguments);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }
}
