package org.reaplab.scenario.format;

import org.reaplab.scenario.Scenario;

import org.junit.jupiter.api.Test;
import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Simulation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Designs declared in scenario files: named, run, checked by the expect block, written back; bad ones located. */
class ScenarioDesignsTest {
    private final ScenarioParser parser = new ScenarioParser();

    static final String FILE = "/scenarios-designs/01-v2-through-multiprocess.yaml";

    private Scenario valid(String text) {
        ParseResult r = parser.parse(text, "test.yaml");
        assertThat(r.problems()).as(r.report()).isEmpty();
        return r.scenario();
    }

    @Test
    void aFileDeclaresDesignsAndNamesThemInVariantAndExpect() {
        Scenario s = valid(ScenarioParserTest.resource(FILE));
        assertThat(s.variant()).isEqualTo("lenient");
        assertThat(s.designs()).containsOnlyKeys("lenient", "checked-einval");
        assertThat(s.designs().get("lenient")).isEqualTo(Design.preset("reap_kill_v2").with(Knobs.MULTIPROCESS, Knobs.Multiprocess.THROUGH));
        assertThat(s.designs().get("checked-einval").canonical()).isEqualTo("reap_kill_all_checked+kill_errno=einval");
        assertThat(s.design("lenient").label()).isEqualTo("lenient");

        Outcome lenient = Simulation.run(s).outcome();
        assertThat(lenient.variant()).isEqualTo("lenient");
        assertThat(lenient.expect().failures()).isEmpty();
        assertThat(lenient.expect().checked()).isTrue();
        for (String name : s.expect().keySet()) {
            Outcome o = Simulation.run(s, s.design(name)).outcome();
            assertThat(o.expect().failures()).as(name).isEmpty();
            assertThat(o.expect().checked()).as(name).isTrue();
        }
    }

    @Test
    void designsSurviveTheWriter() {
        Scenario s = valid(ScenarioParserTest.resource(FILE));
        String yaml = new ScenarioWriter().toYaml(s);
        assertThat(yaml).contains("designs:").contains("preset: reap_kill_v2").contains("multiprocess: through");
        Scenario again = valid(yaml);
        assertThat(again.designs()).isEqualTo(s.designs());
        assertThat(again.variant()).isEqualTo("lenient");
    }

    private List<Problem> problems(String designs, String variant) {
        String text = "version: 1\nname: d\ntitle: D\n" + (variant == null ? "" : "variant: " + variant + "\n")
                + "designs:\n" + designs + "processes:\n  - { name: app, uid: 1000 }\n";
        return parser.parse(text, "d.yaml").problems();
    }

    @Test
    void badDesignsAreLocatedAtTheKnob() {
        List<Problem> p = problems("  mine: { preset: reap_kill_v2, multiproces: through }\n", null);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(5);
            assertThat(x.pointer()).isEqualTo("/designs/mine/multiproces");
            assertThat(x.message()).contains("unknown knob 'multiproces'");
        });
        p = problems("  mine:\n    preset: reap_kill_v2\n    multiprocess: maybe\n", null);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(7);
            assertThat(x.column()).isEqualTo(19);
            assertThat(x.pointer()).isEqualTo("/designs/mine/multiprocess");
            assertThat(x.message()).contains("knob multiprocess of designs.mine must be one of through, refuse");
        });
        p = problems("  mine: { preset: reap_kill_v3 }\n", null);
        assertThat(p).singleElement().satisfies(x -> assertThat(x.pointer()).isEqualTo("/designs/mine/preset"));
        p = problems("  mine:\n    preset: kernel_oom\n    reaper: caller\n", null);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(7);
            assertThat(x.pointer()).isEqualTo("/designs/mine/reaper");
            assertThat(x.message()).contains("cannot mean anything").contains("reaper=oom_reaper");
        });
        p = problems("  mine: \"reap_kill_v2+mm_pin=nowhere\"\n", null);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/designs/mine");
            assertThat(x.message()).contains("'nowhere' is not a value of knob mm_pin");
        });
        p = problems("  baseline: { reaper: oom_reaper }\n", null);
        assertThat(p).singleElement().satisfies(x -> assertThat(x.message()).contains("'baseline' is a preset"));
    }

    @Test
    void variantAndExpectNameAPresetADeclaredDesignOrACanonicalString() {
        List<Problem> p = problems("  mine: { preset: reap_kill_v2 }\n", "yours");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.pointer()).isEqualTo("/variant");
            assertThat(x.message()).contains("'variant' must be one of baseline").contains("or a design of this file: mine");
        });
        assertThat(problems("  mine: { preset: reap_kill_v2 }\n", "\"reap_kill_v2+multiprocess=through\"")).isEmpty();
        assertThat(problems("  mine: { preset: reap_kill_v2 }\n", "\"kernel_oom+reaper=caller\""))
                .singleElement().satisfies(x -> assertThat(x.message()).contains("cannot mean anything"));
        String text = "version: 1\nname: d\ntitle: D\ndesigns:\n  mine: { preset: reap_kill_v2 }\n"
                + "processes:\n  - { name: app, uid: 1000 }\nexpect:\n  mine: {}\n  theirs: {}\n";
        assertThat(parser.parse(text, "d.yaml").problems()).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(10);
            assertThat(x.message()).contains("unknown variant 'theirs'").contains("in expect");
        });
    }
}
