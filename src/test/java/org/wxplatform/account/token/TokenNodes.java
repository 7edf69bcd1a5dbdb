package org.wxplatform.account.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link TokenNode}s in separate JVMs (each with its own Redis connections) against one token
 * server and gathers what they report; the tests decide what must hold.
 */
public final class TokenNodes {

    static final Pattern RESULT = Pattern.compile(
            "RESULT reads=(\\d+) calls=(\\d+) failures=(\\d+) fetches=(\\d+) meanReadMicros=(\\d+) maxReadMicros=(\\d+) maxReadToCallMillis=(\\d+)");

    /** What the nodes reported together. */
    public record Run(
            long reads,
            long calls,
            long nodeFetches,
            long meanReadMicros,
            long maxReadMicros,
            long maxReadToCallMillis,
            Map<String, Long> lastHandedOut) {}

    private TokenNodes() {}

    /**
     * Starts {@code nodes} node JVMs that read from {@code startAt} for {@code durationMs}, waits for
     * them, and checks that each started, read at least once per reader and had no failed call.
     */
    public static Run run(
            int nodes,
            int readers,
            String apiBase,
            String apiPath,
            String redisUrl,
            String appid,
            String secret,
            long startAt,
            long durationMs)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-Xss256k",
                            "-cp",
                            System.getProperty("java.class.path"),
                            TokenNode.class.getName(),
                            apiBase,
                            redisUrl,
                            appid,
                            secret,
                            Long.toString(startAt),
                            Long.toString(durationMs),
                            Integer.toString(readers),
                            apiPath)
                    .redirectErrorStream(true)
                    .start();
            processes.add(p);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            outputs.add(lines);
            Thread pump = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            pump.start();
            pumps.add(pump);
        }
        long reads = 0;
        long nodeFetches = 0;
        long maxReadMicros = 0;
        long meanReadMicros = 0;
        long maxReadToCall = 0;
        long calls = 0;
        Map<String, Long> lastHandedOut = new HashMap<>();
        for (int i = 0; i < nodes; i++) {
            Process p = processes.get(i);
            if (!p.waitFor(startAt - System.currentTimeMillis() + durationMs + 30_000, TimeUnit.MILLISECONDS)) {
                processes.forEach(Process::destroyForcibly);
                throw new AssertionError("node " + i + " did not finish: " + outputs.get(i));
            }
            pumps.get(i).join(5_000);
            List<String> lines = outputs.get(i);
            assertTrue(lines.contains("READY"), "node " + i + " did not start: " + lines);
            String result = lines.stream()
                    .filter(l -> l.startsWith("RESULT"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("node without result: " + lines));
            Matcher m = RESULT.matcher(result);
            assertTrue(m.matches(), result);
            assertEquals(0, Long.parseLong(m.group(3)), "node " + i + " had failed calls: " + lines);
            long nodeReads = Long.parseLong(m.group(1));
            assertTrue(nodeReads >= readers, "node " + i + " read " + nodeReads + " times: " + lines);
            reads += nodeReads;
            calls += Long.parseLong(m.group(2));
            for (String l : lines) {
                if (l.startsWith("HANDED-OUT ")) {
                    String[] parts = l.split(" ");
                    lastHandedOut.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                }
            }
            nodeFetches += Long.parseLong(m.group(4));
            meanReadMicros += Long.parseLong(m.group(5)) / nodes;
            maxReadMicros = Math.max(maxReadMicros, Long.parseLong(m.group(6)));
            maxReadToCall = Math.max(maxReadToCall, Long.parseLong(m.group(7)));
        }
        return new Run(reads, calls, nodeFetches, meanReadMicros, maxReadMicros, maxReadToCall, lastHandedOut);
    }
}
