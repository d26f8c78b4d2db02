package org.reaplab.web.viewer;

import org.reaplab.design.Choice;
import org.reaplab.design.Design;
import org.reaplab.design.DesignProblem;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;
import org.reaplab.design.Preset;
import org.reaplab.design.Presets;
import org.reaplab.storage.StoredScenario;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The viewer's design panel: pick a preset, or change any knob; either goes to
 * {@code /scenarios/{id}/design}, which answers with the viewer URL of the design chosen, so the URL
 * records it. A knob that cannot matter given the others ({@link Design#matters}) is shown disabled with
 * the reason; a combination that cannot mean anything names its knobs.
 *
 * @param action   the URL both forms go to
 * @param current  the design's {@code variant=} id (what the knob form starts from)
 * @param canonical the design's canonical string
 * @param schedule the viewer's schedule parameter, or null
 * @param step     the viewer's step
 * @param problems the combination's problems (empty when it means something)
 */
public record DesignPanel(String action, String current, String canonical, List<PresetOption> presets, List<KnobField> knobs,
                         String schedule, int step, List<DesignProblem> problems) {

    public record PresetOption(String id, String title, boolean selected) {}

    public record Option(String id, String doc, boolean selected) {}

    /**
     * @param reason why the knob cannot matter (it is disabled), or null
     * @param faulty a problem of the combination names it
     */
    public record KnobField(String id, String doc, String source, List<Option> values, String reason, boolean faulty) {
        public boolean disabled() {
            return reason != null;
        }

        public String selectId() {
            return "knob-" + id;
        }
    }

    /** The panel for {@code design} (may be meaningless) as {@code current} names it in this scenario. */
    public static DesignPanel of(StoredScenario stored, String current, Design design, List<String> schedule, int step) {
        Preset equal = design.preset();
        List<PresetOption> presets = new ArrayList<>();
        for (Preset p : Presets.all()) presets.add(new PresetOption(p.id(), p.title(), p.id().equals(current) || (equal == p && Presets.byId(current) == null)));
        List<DesignProblem> problems = design.problems();
        List<KnobField> knobs = new ArrayList<>();
        for (Knob<?> k : Knobs.all()) {
            Choice value = design.get(k.id());
            List<Option> options = new ArrayList<>();
            for (Object v : k.values()) {
                Choice c = (Choice) v;
                options.add(new Option(c.id(), c.doc(), c == value));
            }
            boolean faulty = problems.stream().anyMatch(p -> p.knobs().contains(k.id()));
            String reason = problems.isEmpty() && !design.matters(k) ? reason(design, k) : null;
            knobs.add(new KnobField(k.id(), k.doc(), k.source(), List.copyOf(options), reason, faulty));
        }
        String action = "/scenarios/" + UriUtils.encodePathSegment(stored.id(), StandardCharsets.UTF_8) + "/design";
        return new DesignPanel(action, current, design.canonical(), List.copyOf(presets), List.copyOf(knobs),
                schedule == null ? null : ScheduleParam.format(schedule), step, problems);
    }

    /** Why a knob cannot change anything here, in words (Design.matters gives the rule). */
    static String reason(Design d, Knob<?> k) {
        String entry = d.get(Knobs.ENTRY.id()).id();
        if (entry.equals("oom_kill")) return "the OOM killer's path does not read it (entry=oom_kill)";
        if (k == Knobs.REVALIDATION) return "read only with reap_decision=revalidate and entry=mrelease_flag";
        if (k == Knobs.MM_PIN || k == Knobs.MULTIPROCESS || k == Knobs.REAP_DECISION || k == Knobs.PIDFD_THREAD) {
            return "read only inside process_mrelease's kill (entry=mrelease_flag); with entry=" + entry + " the caller kills first";
        }
        return "the caller's own kill: the kill policy is read only when the kernel kills (entry=mrelease_flag or signalled=sharers)";
    }
}
