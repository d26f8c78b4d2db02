package org.reaplab.golden;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The engine still produces the recorded behaviour: every library scenario under every preset gives the
 * same step events, and every exploration the same counts and outcome classes, as the files under
 * {@code src/test/resources/golden/}. After an intended change regenerate them with
 * {@code mvn -q -Dtest=GoldenBehaviourTest -Dgolden.update=true test} and name the cells that changed.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class GoldenBehaviourTest {

    @TestFactory
    List<DynamicTest> libraryBehavesAsRecorded() throws IOException {
        Map<String, String> now = Golden.render();
        if (Boolean.getBoolean("golden.update")) {
            Golden.write(now);
            removeStale(now);
        }
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("no golden file without a library scenario", () -> {
            try (Stream<Path> files = Files.walk(Golden.DIR)) {
                List<String> stored = files.filter(Files::isRegularFile).map(p -> Golden.DIR.relativize(p).toString().replace('\\', '/')).toList();
                assertThat(stored).containsExactlyInAnyOrderElementsOf(now.keySet());
            }
        }));
        for (Map.Entry<String, String> f : now.entrySet()) {
            tests.add(DynamicTest.dynamicTest(f.getKey(), () -> {
                Path p = Golden.DIR.resolve(f.getKey());
                if (!Files.exists(p)) fail("no golden file " + p + "; regenerate with -Dgolden.update=true");
                compare(f.getKey(), Files.readString(p, StandardCharsets.UTF_8), f.getValue());
            }));
        }
        return tests;
    }

    /** Fails at the first differing line, naming the cell (the last "===" header or exploration line above it). */
    static void compare(String file, String expected, String actual) {
        if (expected.equals(actual)) return;
        String[] e = expected.split("\n", -1), a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) i++;
        String cell = "";
        for (int j = Math.min(i, e.length - 1); j >= 0; j--) {
            if (e[j].startsWith("=== ") || e[j].contains("] complete=")) { cell = e[j]; break; }
        }
        fail(file + ": behaviour differs at line " + (i + 1) + " in cell " + cell
                + "\n  recorded: " + (i < e.length ? e[i] : "<end>")
                + "\n  now:      " + (i < a.length ? a[i] : "<end>")
                + "\n(intended? regenerate with mvn -q -Dtest=GoldenBehaviourTest -Dgolden.update=true test)");
    }

    private static void removeStale(Map<String, String> now) throws IOException {
        try (Stream<Path> files = Files.walk(Golden.DIR)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!now.containsKey(Golden.DIR.relativize(p).toString().replace('\\', '/'))) Files.delete(p);
            }
        }
    }
}
