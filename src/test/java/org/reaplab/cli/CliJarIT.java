package org.reaplab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar as users call it: {@code java -jar target/reaplab.jar check ...}. */
@Execution(ExecutionMode.CONCURRENT) // waits on the jar's processes: runs beside the browser tests (junit-platform.properties)
class CliJarIT {

    record Result(int code, String output) {}

    static Result jar(String... args) throws Exception {
        return java(List.of(), args);
    }

    static Result java(List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", "target/reaplab.jar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void checkTheWholeLibraryUnderAllVariants() throws Exception {
        List<String> args = new ArrayList<>(List.of("check"));
        try (var files = Files.list(Path.of("src/main/resources/scenarios"))) {
            files.map(Path::toString).sorted().forEach(args::add);
        }
        args.add("--all-variants");
        Result r = jar(args.toArray(String[]::new));
        assertThat(r.output()).doesNotContain("FAIL").contains(" passed, 0 failed");
        assertThat(r.code()).isZero();
    }

    @Test
    void aChangedReturnValueExitsOneAndABadFileExitsTwo(@TempDir Path dir) throws Exception {
        String original = Files.readString(Path.of("src/main/resources/scenarios/01-proc-reader-race.yaml"));
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, original.replace("lmkd.process_mrelease: -ESRCH }\n    reaped: { app_mm: false }\n    killed: [app]\n    violations: [memory-pinned-after-reap-call]\n  reap_kill_v2",
                "lmkd.process_mrelease: -EAGAIN }\n    reaped: { app_mm: false }\n    killed: [app]\n    violations: [memory-pinned-after-reap-call]\n  reap_kill_v2"));
        assertThat(Files.readString(changed)).isNotEqualTo(original);
        Result r = jar("check", changed.toString(), "--variant", "baseline");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("expected -EAGAIN, got -ESRCH");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nname: Bad Name\n");
        Result b = jar("run", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.output()).contains(bad.toString() + ":2:").doesNotContain("Exception");
        assertThat(new File("target/reaplab.jar")).exists();
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExitsTwoWithoutStartingTheWebApp() throws Exception {
        Result r = java(List.of("-verbose:class"), "frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("unknown command 'frobnicate'").contains("usage: reaplab run FILE")
                .doesNotContain("org.springframework.context.").doesNotContain("org.springframework.boot.SpringApplication ");
    }

    @Test
    void commandsLoadNoSpringClass() throws Exception {
        Result r = java(List.of("-verbose:class"), "run", "src/main/resources/scenarios/01-proc-reader-race.yaml");
        assertThat(r.code()).isZero();
        assertThat(r.output()).contains("org.reaplab.cli.RunCommand").contains("lmkd.process_mrelease returns -ESRCH")
                .doesNotContain("org.springframework.context.").doesNotContain("org.springframework.boot.SpringApplication ")
                .doesNotContain("org.springframework.core.");
    }

    @Test
    void theFastLauncherRunsTheExtractedJarWithItsClassArchive() throws Exception {
        assertThat(new File("target/cli/reaplab.jsa")).as("mvn package records the archive").exists();
        Process p = new ProcessBuilder("bin/reaplab", "run", "src/main/resources/scenarios/01-proc-reader-race.yaml")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("lmkd.process_mrelease returns -ESRCH").doesNotContain("[cds");
        Process unknown = new ProcessBuilder("bin/reaplab", "frobnicate").redirectErrorStream(true).start();
        String usage = new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unknown.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(usage).contains("unknown command 'frobnicate'");
    }
}
