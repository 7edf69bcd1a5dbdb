package org.wxplatform.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A whole product node in its own JVM, for tests that kill one with SIGKILL: the provisioned server
 * ({@code target/server}) with its own base directory under {@code target/nodes/NAME}, a port offset,
 * and a WAR the test chose. Environment: the caller's map on top of this JVM's environment.
 */
public final class ProductNode implements AutoCloseable {

    private final String name;
    private final int portOffset;
    private final Process process;
    private final Path base;

    private ProductNode(String name, int portOffset, Process process, Path base) {
        this.name = name;
        this.portOffset = portOffset;
        this.process = process;
        this.base = base;
    }

    /** Starts a node and waits until its {@code /health} answers 200 (at most {@code limit}). */
    public static ProductNode start(String name, int portOffset, File war, Map<String, String> env, Duration limit)
            throws IOException, InterruptedException {
        Path server = Path.of("target/server").toAbsolutePath();
        Path base = Path.of("target/nodes", name).toAbsolutePath();
        deleteTree(base);
        copyTree(server.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(war.toPath(), base.resolve("deployments/wxplatform.war"), StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder(
                        server.resolve("bin/standalone.sh").toString(),
                        "-Djboss.server.base.dir=" + base,
                        "-Djboss.socket.binding.port-offset=" + portOffset,
                        "-Djboss.node.name=" + name,
                        "-b",
                        "127.0.0.1",
                        "-bmanagement",
                        "127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("JBOSS_JAVA_SIZING", "-Xms256m -Xmx768m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m");
        ProductNode node = new ProductNode(name, portOffset, pb.start(), base);
        node.awaitHealthy(limit);
        return node;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    public String name() {
        return name;
    }

    /** SIGKILL of the server JVM and its launcher script: no shutdown hook, no goodbye to the broker. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private void awaitHealthy(Duration limit) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + base.resolve("console.log"));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException(name + " not healthy within " + limit + "; see " + base.resolve("console.log"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
