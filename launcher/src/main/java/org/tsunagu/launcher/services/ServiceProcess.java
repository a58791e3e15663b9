package org.tsunagu.launcher.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hub service running as its own JVM, started from its runnable jar. Its output goes
 * either to the launcher's console (each line prefixed with the service name) or to a log
 * file. It can be stopped gently, killed hard (as a crash would), and started again.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> commonArguments;
    private final Path logFile;
    private final PrintStream console;
    private Process process;

    public ServiceProcess(ServiceSpec spec, Path jar, List<String> jvmOptions, List<String> commonArguments,
                          Path logFile, PrintStream console) {
        this.spec = spec;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.commonArguments = List.copyOf(commonArguments);
        this.logFile = logFile;
        this.console = console;
    }

    public ServiceSpec spec() {
        return spec;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runnable jar for " + spec.name() + " at " + jar
                    + " — build first: ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + spec.port());
        command.addAll(commonArguments);
        command.addAll(spec.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            if (logFile != null) {
                Files.createDirectories(logFile.getParent());
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
                process = builder.start();
            } else {
                process = builder.start();
                pipe(process);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + spec.name(), e);
        }
    }

    /** Waits until the service's health endpoint says UP, or fails after {@code timeout}. */
    public void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited during start-up" + logHint());
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + spec.name(), e);
            }
            try {
                p.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + spec.name(), e);
            }
        }
        throw new IllegalStateException(spec.name() + " was not healthy within " + timeout + logHint());
    }

    /** Asks the service to shut down gracefully (SIGTERM), then forces it after a grace period. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the service at once (SIGKILL), as a crash or power cut would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    private String logHint() {
        return logFile == null ? "" : " (see " + logFile + ")";
    }

    private void pipe(Process p) {
        String prefix = String.format("[%-15s] ", spec.name());
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    console.println(prefix + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "log-" + spec.name());
        t.setDaemon(true);
        t.start();
    }

}
