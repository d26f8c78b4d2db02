package org.reaplab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reaplab.cli.CliTest.cli;

/** Designs on the command line: --variant, --set (repeatable) and --design FILE; a bad design exits 2. */
class CliDesignTest {
    static final String SIBLING = "src/main/resources/scenarios/09-clone-vm-sibling.yaml";
    static final String DESIGNS = "src/test/resources/scenarios-designs/01-v2-through-multiprocess.yaml";

    @Test
    void setOverridesAKnobOfThePreset() {
        CliTest.Result v2 = cli("run", SIBLING, "--variant", "reap_kill_v2", "--json");
        assertThat(v2.code()).isZero();
        assertThat(v2.out()).contains("\"variant\" : \"reap_kill_v2\"").contains("-EINVAL");
        CliTest.Result through = cli("run", SIBLING, "--variant", "reap_kill_v2", "--set", "multiprocess=through", "--json");
        assertThat(through.out()).contains("\"variant\" : \"reap_kill_v2+multiprocess=through\"");
        assertThat(through.out()).doesNotContain("\"ret\" : \"-EINVAL\"");
        // the same design as a canonical string
        CliTest.Result canonical = cli("run", SIBLING, "--variant", "reap_kill_v2+multiprocess=through", "--json");
        assertThat(canonical.out()).isEqualTo(through.out());
        CliTest.Result two = cli("run", SIBLING, "--variant", "reap_kill_v2", "--set", "multiprocess=through",
                "--set", "pidns_check=yes", "--json");
        assertThat(two.out()).contains("\"variant\" : \"reap_kill_v2+multiprocess=through+pidns_check=yes\"");
    }

    @Test
    void designFileIsAnObjectOfKnobsOrACanonicalString(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lenient.yaml");
        Files.writeString(f, "preset: reap_kill_v2\nmultiprocess: through\n");
        CliTest.Result r = cli("run", SIBLING, "--design", f.toString(), "--json");
        assertThat(r.code()).as("reaps memory the sibling still uses").isEqualTo(1);
        assertThat(r.out()).contains("live-task-on-reaped-mm");
        assertThat(r.out()).contains("\"variant\" : \"reap_kill_v2+multiprocess=through\"");
        Path s = dir.resolve("lenient.json");
        Files.writeString(s, "\"reap_kill_v2+multiprocess=through\"");
        assertThat(cli("run", SIBLING, "--design", s.toString(), "--json").out()).isEqualTo(r.out());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "preset: reap_kill_v2\nmultiprocess: maybe\n");
        CliTest.Result b = cli("run", SIBLING, "--design", bad.toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains(bad + ":2:").contains("multiprocess").contains("through, refuse");
        assertThat(cli("run", SIBLING, "--design", f.toString(), "--variant", "baseline").code()).isEqualTo(2);
    }

    @Test
    void badDesignsExitTwoNamingTheKnob() {
        CliTest.Result value = cli("run", SIBLING, "--variant", "reap_kill_v2", "--set", "multiprocess=maybe");
        assertThat(value.code()).isEqualTo(2);
        assertThat(value.err()).contains("'maybe' is not a value of knob multiprocess; one of through, refuse");
        CliTest.Result knob = cli("check", SIBLING, "--set", "multiproces=through");
        assertThat(knob.code()).isEqualTo(2);
        assertThat(knob.err()).contains("unknown knob 'multiproces'");
        CliTest.Result meaningless = cli("explore", SIBLING, "--variant", "kernel_oom", "--set", "reaper=caller");
        assertThat(meaningless.code()).isEqualTo(2);
        assertThat(meaningless.err()).contains("cannot").contains("reaper=oom_reaper");
        assertThat(cli("run", SIBLING, "--set", "reaper").code()).isEqualTo(2);
        assertThat(cli("run", SIBLING, "--set").code()).isEqualTo(2);
        assertThat(cli("check", SIBLING, "--set", "reaper=oom_reaper", "--all-variants").code()).isEqualTo(2);
    }

    @Test
    void checkAllVariantsRunsThePresetsAndTheFilesOwnDesigns() {
        CliTest.Result r = cli("check", DESIGNS, "--all-variants");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[lenient]").contains("[checked-einval]").contains("[reap_kill_v2]")
                .contains("[reap_kill_v2+reaper=oom_reaper+mm_pin=before_kill]").contains("[kernel_oom]");
        CliTest.Result one = cli("check", DESIGNS, "--variant", "lenient");
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains("ok    " + DESIGNS + " [lenient]");
    }
}
