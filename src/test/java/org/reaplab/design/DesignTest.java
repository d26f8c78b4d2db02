package org.reaplab.design;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.VariantOptions;
import org.reaplab.variant.Variant;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reaplab.design.Knobs.*;

class DesignTest {

    @Test
    void presetsAreTheVariantsWithTheirIds() {
        assertThat(Presets.ids()).isEqualTo(Variant.ids());
        Set<Design> distinct = new HashSet<>();
        for (Preset p : Presets.all()) {
            assertThat(p.design().problems()).as(p.id()).isEmpty();
            assertThat(p.design().canonical()).isEqualTo(p.id());
            assertThat(Design.parse(p.id())).isEqualTo(p.design());
            assertThat(p.design().normalized()).as(p.id()).isEqualTo(p.design());
            assertThat(Variant.byId(p.id()).design()).isEqualTo(p.design());
            distinct.add(p.design());
        }
        assertThat(distinct).hasSize(6);
        assertThat(Presets.BASELINE.design()).isEqualTo(Design.DEFAULTS);
    }

    @Test
    void canonicalStringNamesTheClosestPresetAndTheKnobsThatDiffer() {
        Design d = Design.preset("reap_kill_v2").with(MULTIPROCESS, Multiprocess.THROUGH);
        assertThat(d.canonical()).isEqualTo("reap_kill_v2+multiprocess=through");
        assertThat(Design.parse("reap_kill_v2+multiprocess=through")).isEqualTo(d);
        assertThat(Design.parse("reap_kill_v2 multiprocess=through")).as("a '+' decoded from a URL query").isEqualTo(d);
        assertThat(Design.parse("reap_kill_v2,multiprocess=through")).isEqualTo(d);
        // knobs alone start from the defaults (baseline)
        assertThat(Design.parse("reaper=oom_reaper")).isEqualTo(Design.DEFAULTS.with(REAPER, Reaper.OOM_REAPER));
        assertThat(Design.parse("reaper=oom_reaper").canonical()).isEqualTo("baseline+reaper=oom_reaper");
        // the same design reached two ways has one canonical string
        Design viaRfc = Design.preset("reap_kill_all_rfc").with(SIGNALLED, Signalled.VICTIM).with(IGNORED_SIGKILL, IgnoredSigkill.OK)
                .with(KILL_ERRNO, KillErrno.OWN).with(PIDNS_CHECK, PidnsCheck.NO).with(MULTIPROCESS, Multiprocess.REFUSE);
        assertThat(viaRfc).isEqualTo(Design.preset("reap_kill_v2")).hasSameHashCodeAs(Design.preset("reap_kill_v2"));
        assertThat(viaRfc.canonical()).isEqualTo("reap_kill_v2");
    }

    @Test
    void labelIsNotPartOfEquality() {
        Design a = Design.preset("reap_kill_all_checked");
        Design b = a.named("mine");
        assertThat(b).isEqualTo(a);
        assertThat(b.label()).isEqualTo("mine");
        assertThat(a.label()).isEqualTo("reap_kill_all_checked");
        assertThat(a.with(REAPER, Reaper.CALLER).label()).isEqualTo("reap_kill_all_checked");
    }

    @Test
    void badDesignsNameTheKnobOrValue() {
        assertThatThrownBy(() -> Design.parse("reap_kill_v3"))
                .isInstanceOfSatisfying(DesignException.class, e -> assertThat(e.kind()).isEqualTo(DesignException.Kind.UNKNOWN_PRESET))
                .hasMessageContaining("unknown preset 'reap_kill_v3'").hasMessageContaining("reap_kill_v2");
        assertThatThrownBy(() -> Design.parse("reap_kill_v2+multiproces=through"))
                .isInstanceOfSatisfying(DesignException.class, e -> {
                    assertThat(e.knob()).isEqualTo("multiproces");
                    assertThat(e.kind()).isEqualTo(DesignException.Kind.UNKNOWN_KNOB);
                })
                .hasMessageContaining("unknown knob 'multiproces'");
        assertThatThrownBy(() -> Design.parse("reap_kill_v2+multiprocess=maybe"))
                .isInstanceOfSatisfying(DesignException.class, e -> {
                    assertThat(e.knob()).isEqualTo("multiprocess");
                    assertThat(e.kind()).isEqualTo(DesignException.Kind.BAD_VALUE);
                })
                .hasMessageContaining("'maybe' is not a value of knob multiprocess; one of through, refuse");
        assertThatThrownBy(() -> Design.parse(""))
                .isInstanceOfSatisfying(DesignException.class, e -> assertThat(e.kind()).isEqualTo(DesignException.Kind.SYNTAX));
        assertThatThrownBy(() -> Design.parse("reap_kill_v2+baseline"))
                .isInstanceOfSatisfying(DesignException.class, e -> assertThat(e.kind()).isEqualTo(DesignException.Kind.SYNTAX))
                .hasMessageContaining("not knob=value");
    }

    @Test
    void meaninglessCombinationsAreProblemsNamingTheirKnobs() {
        Design oomByCaller = Design.preset("kernel_oom").with(REAPER, Reaper.CALLER);
        assertThat(oomByCaller.problems()).singleElement().satisfies(p -> assertThat(p.knobs()).containsExactly("entry", "reaper"));
        assertThatThrownBy(oomByCaller::checked).isInstanceOfSatisfying(DesignException.class, e -> {
            assertThat(e.knob()).isEqualTo("entry");
            assertThat(e.kind()).isEqualTo(DesignException.Kind.MEANINGLESS);
        });
        assertThat(Design.DEFAULTS.with(MM_PIN, MmPin.BEFORE_KILL).problems())
                .singleElement().satisfies(p -> assertThat(p.knobs()).containsExactly("mm_pin", "entry"));
        assertThat(Design.preset("reap_kill_all_rfc").with(MM_PIN, MmPin.FIND_AFTER_KILL).problems())
                .singleElement().satisfies(p -> assertThat(p.knobs()).containsExactly("signalled", "mm_pin"));
        assertThat(Design.preset("reap_kill_all_checked").with(KILL_ERRNO, KillErrno.ANY_SIGNALLED).problems())
                .singleElement().satisfies(p -> assertThat(p.knobs()).containsExactly("kill_errno", "permission"));
        assertThat(Design.preset("reap_kill_v2").with(MM_PIN, MmPin.OOM_MM).problems()).isNotEmpty();
    }

    @Test
    void knobsThatCannotMatterAreCollapsed() {
        assertThat(Design.DEFAULTS.matters(MULTIPROCESS)).isFalse();
        assertThat(Design.DEFAULTS.with(MULTIPROCESS, Multiprocess.REFUSE).normalized()).isEqualTo(Design.DEFAULTS);
        assertThat(Design.preset("reap_kill_v2").with(PERMISSION, Permission.PRECHECK).normalized()).isEqualTo(Design.preset("reap_kill_v2"));
        assertThat(Design.preset("reap_kill_v2").matters(REVALIDATION)).isFalse();
        assertThat(Design.preset("reap_kill_all_checked").matters(REVALIDATION)).isTrue();
        assertThat(Design.preset("pidfd_mm_group").matters(PERMISSION)).isTrue();
        assertThat(Design.preset("pidfd_mm_group").matters(REAP_DECISION)).isFalse();
        assertThat(Design.preset("kernel_oom").with(KILL_ERRNO, KillErrno.EBUSY).normalized()).isEqualTo(Design.preset("kernel_oom"));
    }

    @Test
    void mapsRoundTrip() {
        Design d = Design.parse("reap_kill_all_checked+kill_errno=einval");
        assertThat(Design.fromMap(d.knobs())).isEqualTo(d);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", "reap_kill_all_checked");
        m.put("kill_errno", "einval");
        assertThat(Design.fromMap(m)).isEqualTo(d);
        assertThat(d.overridesFrom(Design.preset("reap_kill_all_checked"))).containsExactly(Map.entry("kill_errno", "einval"));
        assertThat(Knobs.all()).extracting(Knob::id).doesNotHaveDuplicates().containsExactlyElementsOf(d.knobs().keySet());
        for (Knob<?> k : Knobs.all()) {
            assertThat(k.doc()).as(k.id()).isNotBlank();
            assertThat(k.source()).as(k.id()).containsAnyOf("kernel-model.md", "patch", "20");
            assertThat(k.valueIds()).as(k.id()).hasSizeGreaterThanOrEqualTo(2).contains(((Choice) k.defaultValue()).id());
        }
    }

    @Test
    void oldVariantOptionsFoldIntoKnobsOfTheirPreset() {
        VariantOptions o = new VariantOptions(new VariantOptions.ReapKillAllChecked(false, false, "einval", true),
                new VariantOptions.PidfdMmGroup("pgrp_like"));
        Design checked = o.applyTo("reap_kill_all_checked", Design.preset("reap_kill_all_checked"));
        assertThat(checked.overridesFrom(Design.preset("reap_kill_all_checked"))).containsExactly(
                Map.entry("ignored_sigkill", "init_fails"), Map.entry("reap_decision", "short_circuit"),
                Map.entry("kill_errno", "einval"), Map.entry("pidfd_thread", "reject"));
        Design group = o.applyTo("pidfd_mm_group", Design.preset("pidfd_mm_group"));
        assertThat(group.overridesFrom(Design.preset("pidfd_mm_group"))).containsExactly(
                Map.entry("permission", "best_effort"), Map.entry("ignored_sigkill", "ok"), Map.entry("kill_errno", "any_signalled"));
        assertThat(o.applyTo("reap_kill_v2", Design.preset("reap_kill_v2"))).isEqualTo(Design.preset("reap_kill_v2"));
        assertThat(VariantOptions.DEFAULTS.applyTo("reap_kill_all_checked", Design.preset("reap_kill_all_checked")))
                .isEqualTo(Design.preset("reap_kill_all_checked"));
        assertThat(VariantOptions.DEFAULTS.applyTo("pidfd_mm_group", Design.preset("pidfd_mm_group")))
                .isEqualTo(Design.preset("pidfd_mm_group"));
    }

    @Test
    void aRecordingDesignNotesTheAnswersItGaveAndAdmitsTheDesignsThatGiveTheSame() {
        Design v2 = Design.preset("reap_kill_v2");
        Design rec = v2.recording();
        assertThat(rec.reads().asked()).isEmpty();

        // "is it forced?" no: best_effort and precheck would have answered the same
        assertThat(rec.is(PERMISSION, Permission.FORCED)).isFalse();
        // a message's wording is no answer
        assertThat(rec.peek(REAPER)).isEqualTo(Reaper.CALLER);
        // a value is: only that value answers the same
        assertThat(rec.get(MULTIPROCESS)).isEqualTo(Multiprocess.REFUSE);

        Reads reads = rec.reads();
        assertThat(reads.asked()).containsExactly(MULTIPROCESS, PERMISSION);
        assertThat(reads.toString()).isEqualTo("multiprocess=refuse permission=best_effort|precheck");
        assertThat(reads.admits(v2.with(PERMISSION, Permission.PRECHECK))).isTrue();
        assertThat(reads.admits(v2.with(REAPER, Reaper.OOM_REAPER))).isTrue();
        assertThat(reads.admits(v2.with(PERMISSION, Permission.FORCED))).isFalse();
        assertThat(reads.admits(v2.with(MULTIPROCESS, Multiprocess.THROUGH))).isFalse();

        // a yes pins the value; the snapshot taken before does not change
        assertThat(rec.is(ENTRY, Entry.MRELEASE_FLAG)).isTrue();
        assertThat(rec.reads().admits(v2.with(ENTRY, Entry.OOM_KILL))).isFalse();
        assertThat(reads.admits(v2.with(ENTRY, Entry.OOM_KILL))).isTrue();

        // a design that records nothing answers for every knob
        assertThat(v2.reads().asked()).hasSize(Knobs.all().size());
        assertThat(v2.reads().admits(v2)).isTrue();
        assertThat(v2.reads().admits(v2.with(REAPER, Reaper.OOM_REAPER))).isFalse();
    }
}
