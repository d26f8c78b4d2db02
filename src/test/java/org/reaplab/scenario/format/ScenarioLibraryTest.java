package org.reaplab.scenario.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLibraryTest {

    @Test
    void loadsEveryScenarioFileSortedByName() {
        List<LibraryEntry> entries = ScenarioLibrary.load("scenarios-test");
        assertThat(entries).extracting(LibraryEntry::file).containsExactly("01-minimal.yml", "02-minimal.json", "10-every-field.yaml");
        assertThat(entries).extracting(e -> e.scenario().name()).containsExactly("minimal-yml", "minimal-json", "every-field");
        assertThat(ScenarioLibrary.load("/scenarios-test/")).isEqualTo(entries);
    }

    @Test
    void aBadLibraryFileIsABugNamingFileLineAndMessage() {
        assertThatThrownBy(() -> ScenarioLibrary.load("scenarios-bad"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scenarios-bad/01-bad.yaml:5:23: /processes/0/uid: 'uid' of process 'app' must be an integer uid ≥ 0");
    }

    @Test
    void twoLibraryFilesMayNotShareAName() {
        assertThatThrownBy(() -> ScenarioLibrary.load("scenarios-dup"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scenarios-dup/a.yaml and scenarios-dup/b.yaml have the same name 'same'");
    }

    @Test
    void aMissingFolderIsAnEmptyLibrary() {
        assertThat(ScenarioLibrary.load("no-such-folder")).isEmpty();
    }

    @Test
    void theBuiltInLibraryIsValid() {
        // src/main/resources/scenarios: every file must parse without a problem
        assertThatCode(ScenarioLibrary::load).doesNotThrowAnyException();
    }

    @Test
    void listsAFolderInsideAJar(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("scenarios/", "scenarios/b.json", "scenarios/a.yaml", "scenarios/sub/", "scenarios/sub/c.yaml",
                    "scenarios-other/d.yaml", "other/e.yaml")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) out.write("x".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        URL url = URI.create("jar:" + jar.toUri() + "!/scenarios").toURL();
        assertThat(ScenarioLibrary.listDirectory(url)).containsExactlyInAnyOrder("b.json", "a.yaml");
        assertThat(ScenarioLibrary.list("scenarios", url)).containsExactly("a.yaml", "b.json");
    }

    @Test
    void fallsBackToTheIndexWhenTheFolderCannotBeListed() throws IOException {
        URL unlistable = URI.create("http://example.invalid/scenarios-indexed").toURL();
        assertThat(ScenarioLibrary.listDirectory(unlistable)).isNull();
        assertThat(ScenarioLibrary.list("scenarios-indexed", unlistable)).containsExactly("a.json", "b.yaml");
        // a listable folder is listed (the index is not needed)
        assertThat(ScenarioLibrary.list("scenarios-indexed")).containsExactly("a.json", "b.yaml", "c.yaml");
    }

    @Test
    void onlyScenarioExtensionsCount() {
        assertThat(ScenarioLibrary.isScenarioFile("a.yaml")).isTrue();
        assertThat(ScenarioLibrary.isScenarioFile("a.yml")).isTrue();
        assertThat(ScenarioLibrary.isScenarioFile("a.json")).isTrue();
        assertThat(ScenarioLibrary.isScenarioFile("notes.txt")).isFalse();
        assertThat(ScenarioLibrary.isScenarioFile("index.txt")).isFalse();
    }
}
