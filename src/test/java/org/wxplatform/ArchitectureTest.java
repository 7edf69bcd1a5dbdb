package org.wxplatform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The house rules of ARCHITECTURE.md, checked on the sources. */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java/org/wxplatform");
    static final List<String> MODULES = List.of(
            "message",
            "account",
            "business",
            "customerservice",
            "activity",
            "redpacket",
            "admin",
            "log",
            "h5",
            "sandbox",
            "platform");
    static final Pattern REFERENCE = Pattern.compile("\\borg\\.wxplatform\\.([a-z]+)\\b");

    @Test
    void everyModuleHasItsPackageInfo() throws IOException {
        for (String module : MODULES) {
            Path info = MAIN.resolve(module).resolve("package-info.java");
            assertTrue(Files.isRegularFile(info), "missing " + info);
            String text = Files.readString(info).toLowerCase(java.util.Locale.ROOT);
            assertTrue(text.contains("must not") || text.contains("never"), info + " says what must not live there");
        }
        try (Stream<Path> dirs = Files.list(MAIN)) {
            dirs.filter(Files::isDirectory)
                    .forEach(d -> assertTrue(
                            MODULES.contains(d.getFileName().toString()),
                            "top-level package not in ARCHITECTURE.md: " + d.getFileName()));
        }
    }

    @Test
    void platformKnowsNoModule() throws IOException {
        assertEquals(List.of(), referencesFrom("platform", m -> !m.equals("platform")));
    }

    @Test
    void sandboxTalksToTheProductOnlyOverTheWire() throws IOException {
        assertEquals(List.of(), referencesFrom("sandbox", m -> !m.equals("sandbox")));
    }

    @Test
    void theRuleItselfCatchesAViolation() {
        Matcher m = REFERENCE.matcher("import org.wxplatform.message.crypto.Signatures;");
        assertTrue(m.find());
        assertEquals("message", m.group(1));
    }

    /** Every "org.wxplatform.X" in a module's code (imports and fully qualified names) with X matching. */
    static List<String> referencesFrom(String module, java.util.function.Predicate<String> forbidden)
            throws IOException {
        List<String> found = new ArrayList<>();
        Path root = MAIN.resolve(module);
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code =
                        Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (forbidden.test(m.group(1))) {
                        found.add(MAIN.relativize(file) + " -> org.wxplatform." + m.group(1));
                    }
                }
            }
        }
        return found;
    }
}
