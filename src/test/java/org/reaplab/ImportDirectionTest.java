package org.reaplab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direction of imports between our packages (issue #9): the design space and the pure scenario
 * model at the bottom, the kernel above them, the file format above the kernel, the engines above
 * that, and the command line and the web on top. A package may import its own layer's packages only
 * where the table says so, and packages below it; nothing imports upwards, so there is no cycle.
 */
class ImportDirectionTest {

    /** Lowest first. A package not listed here fails the test: place it when you add it. */
    static final List<List<String>> LAYERS = List.of(
            List.of("design"),
            List.of("scenario"),
            List.of("variant"),
            List.of("kernel"),
            List.of("kernel.path"),
            List.of("scenario.format"),
            List.of("simulation"),
            List.of("exploration"),
            List.of("designspace", "export", "storage"),
            List.of("cli", "web", "web.*", ""));

    private static final Pattern PACKAGE = Pattern.compile("^package org\\.reaplab\\.?([\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.reaplab\\.([\\w.]*?)\\.?[A-Z]\\w*(?:\\.[\\w*]+)*;", Pattern.MULTILINE);
    /** A fully qualified name of one of our classes in code (an import would be the usual way; this is not). */
    private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.reaplab\\.((?:[a-z]\\w*\\.)*?)[A-Z]\\w*");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void mainSourcesImportOnlyDownwards() {
        Map<String, Set<String>> imports = imports(Path.of("src/main/java/org/reaplab"));
        assertThat(imports).containsKeys("kernel", "kernel.path", "scenario", "scenario.format", "design");
        assertThat(violations(imports)).isEmpty();
    }

    @Test
    void aForbiddenImportIsReported() {
        Map<String, Set<String>> imports = new TreeMap<>(Map.of(
                "kernel", Set.of("scenario", "kernel.path"),
                "kernel.path", Set.of("kernel"),
                "scenario", Set.of("scenario.format"),
                "scenario.format", Set.of("kernel", "scenario"),
                "frobnicate", Set.of()));
        assertThat(violations(imports)).containsExactly(
                "frobnicate is in no layer of ImportDirectionTest.LAYERS",
                "kernel imports kernel.path, which lies above it",
                "scenario imports scenario.format, which lies above it");
    }

    @Test
    void packagesOfOneLayerMayNotImportEachOther() {
        assertThat(violations(Map.of("export", Set.of("storage"), "storage", Set.of()))).containsExactly(
                "export imports storage, a package of its own layer");
        assertThat(violations(Map.of("web.viewer", Set.of("web", "cli", "storage")))).isEmpty();
    }

    static List<String> violations(Map<String, Set<String>> imports) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(imports).forEach((pkg, deps) -> {
            int layer = layer(pkg);
            if (layer < 0) {
                out.add(pkg + " is in no layer of ImportDirectionTest.LAYERS");
                return;
            }
            for (String dep : new TreeSet<>(deps)) {
                if (dep.equals(pkg)) continue;
                int depLayer = layer(dep);
                if (depLayer > layer) out.add(name(pkg) + " imports " + name(dep) + ", which lies above it");
                else if (depLayer == layer && layer != LAYERS.size() - 1) out.add(name(pkg) + " imports " + name(dep) + ", a package of its own layer");
            }
        });
        return out;
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "org.reaplab" : pkg;
    }

    static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                if (p.equals(pkg) || (p.endsWith(".*") && pkg.startsWith(p.substring(0, p.length() - 1)))) return i;
            }
        }
        return -1;
    }

    /**
     * The packages of ours that code names by fully qualified names (comments, the package line and
     * imports left out): {@code new org.reaplab.simulation.Run(...)} depends on simulation as an import would.
     */
    static Set<String> qualifiedNames(String src) {
        String code = IMPORT.matcher(PACKAGE.matcher(COMMENT.matcher(src).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            String pkg = m.group(1);
            out.add(pkg.isEmpty() ? "" : pkg.substring(0, pkg.length() - 1));
        }
        return out;
    }

    @Test
    void fullyQualifiedNamesInCodeCountAsImports() {
        String src = """
                package org.reaplab.kernel;
                import org.reaplab.scenario.Op;
                /** See {@link org.reaplab.web.Problems}: a comment is not a dependency. */
                class X {
                    // org.reaplab.cli.Cli neither
                    Object run = new org.reaplab.simulation.Run(null);
                    Object root = org.reaplab.ReapLab.class;
                }
                """;
        assertThat(qualifiedNames(src)).containsExactly("", "simulation");
        assertThat(violations(Map.of("kernel", qualifiedNames(src)))).containsExactly(
                "kernel imports org.reaplab, which lies above it", "kernel imports simulation, which lies above it");
    }

    /** Package (below org.reaplab, "" for the root) → the packages of ours its files import. */
    static Map<String, Set<String>> imports(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher pm = PACKAGE.matcher(src);
                if (!pm.find()) continue;
                Set<String> deps = out.computeIfAbsent(pm.group(1), k -> new TreeSet<>());
                Matcher im = IMPORT.matcher(src);
                while (im.find()) deps.add(im.group(1));
                deps.addAll(qualifiedNames(src));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
