package org.reaplab.scenario.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The built-in scenarios: every {@code *.yaml}, {@code *.yml} and {@code *.json} directly in the
 * classpath folder {@code scenarios/} (src/main/resources/scenarios), sorted by file name. The folder is
 * listed from the URL of {@code getResource("/scenarios")}, for {@code file:} (IDE, tests) and
 * {@code jar:} URLs (plain and Spring Boot nested jars alike, through {@link JarURLConnection}). When it
 * cannot be listed (another URL scheme, or a jar without directory entries), the file names are read
 * from {@code scenarios/index.txt}, one per line ('#' starts a comment). No folder and no index: an
 * empty library. Library files are ours, so a bad one is a bug: {@link IllegalStateException} with
 * file, line and message.
 */
public final class ScenarioLibrary {

    public static final String DEFAULT_DIRECTORY = "scenarios";
    public static final String INDEX = "index.txt";

    private ScenarioLibrary() {}

    /** The library under classpath {@code scenarios/}. */
    public static List<LibraryEntry> load() {
        return load(DEFAULT_DIRECTORY);
    }

    /** Every scenario file directly under the classpath folder {@code directory}, sorted by file name. */
    public static List<LibraryEntry> load(String directory) {
        String dir = strip(directory);
        List<String> files = list(dir);
        ScenarioParser parser = new ScenarioParser();
        List<LibraryEntry> out = new ArrayList<>();
        Map<String, String> fileOfName = new HashMap<>();
        for (String file : files) {
            String text = read("/" + dir + "/" + file);
            ParseResult r = parser.parse(text, dir + "/" + file);
            if (!r.ok()) {
                throw new IllegalStateException("bad library scenario " + dir + "/" + file + ":\n" + r.report());
            }
            String previous = fileOfName.put(r.scenario().name(), file);
            if (previous != null) {
                throw new IllegalStateException("library scenarios " + dir + "/" + previous + " and " + dir + "/" + file
                        + " have the same name '" + r.scenario().name() + "'");
            }
            out.add(new LibraryEntry(file, r.scenario()));
        }
        return List.copyOf(out);
    }

    /** The scenario file names in a classpath folder, sorted. */
    static List<String> list(String dir) {
        return list(dir, ScenarioLibrary.class.getResource("/" + dir));
    }

    /** The folder at {@code url} if it can be listed, else the names in its index.txt. */
    static List<String> list(String dir, URL url) {
        List<String> names = url == null ? null : listDirectory(url);
        if (names == null) names = index(dir);
        if (names == null) return List.of();
        return names.stream().filter(ScenarioLibrary::isScenarioFile).sorted().distinct().toList();
    }

    static boolean isScenarioFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** File names directly in the folder a file: or jar: URL points at; null when it cannot be listed. */
    static List<String> listDirectory(URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                Path path = Path.of(url.toURI());
                if (!Files.isDirectory(path)) return null;
                try (Stream<Path> s = Files.list(path)) {
                    return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
                }
            }
            if ("jar".equals(url.getProtocol())) {
                URLConnection c = url.openConnection();
                if (!(c instanceof JarURLConnection jc)) return null;
                jc.setUseCaches(false);
                String prefix = jc.getEntryName() == null ? "" : strip(jc.getEntryName()) + "/";
                List<String> out = new ArrayList<>();
                try (JarFile jar = jc.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        String name = e.getName();
                        if (e.isDirectory() || !name.startsWith(prefix)) continue;
                        String rest = name.substring(prefix.length());
                        if (!rest.isEmpty() && !rest.contains("/")) out.add(rest);
                    }
                }
                return out;
            }
            return null;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> index(String dir) {
        try (InputStream in = ScenarioLibrary.class.getResourceAsStream("/" + dir + "/" + INDEX)) {
            if (in == null) return null;
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!name.isEmpty()) out.add(name);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + "/" + INDEX, e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = ScenarioLibrary.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("library scenario " + resource.substring(1) + " is listed but missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.substring(1), e);
        }
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }
}
