package org.reaplab.web.viewer;

import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.storage.StoredScenario;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything a viewer URL says: scenario, design ({@code variant=}: a preset or a design string), schedule (null: the scenario's own), step and the
 * variants to compare with. Every link the pages draw is made here, so each view reopens from its URL.
 */
public record ViewState(StoredScenario stored, ViewDesign variant, List<String> schedule, int step, List<ViewDesign> compare) {

    public String id() {
        return stored.id();
    }

    public String scheduleParam() {
        return ScheduleParam.format(schedule);
    }

    /** The schedule the run uses: the URL's script (single steps, then round robin) or the scenario's own. */
    public ScheduleSpec scheduleSpec() {
        return schedule == null ? stored.scenario().schedule() : ScheduleSpec.script(schedule, "round_robin");
    }

    public ViewState withStep(int step) {
        return new ViewState(stored, variant, schedule, step, compare);
    }

    public ViewState withVariant(ViewDesign v) {
        return new ViewState(stored, v, schedule, step, compare);
    }

    public String compareParam() {
        return compare.isEmpty() ? null : compare.stream().map(ViewDesign::id).collect(Collectors.joining(","));
    }

    /** All variants shown: the main one first, then the compared ones. */
    public List<ViewDesign> variants() {
        List<ViewDesign> out = new ArrayList<>();
        out.add(variant);
        for (ViewDesign v : compare) if (!out.contains(v)) out.add(v);
        return out;
    }

    public String url() {
        return path("", true);
    }

    public String url(int step) {
        return withStep(step).url();
    }

    /** The same view without the compare set. */
    public String singleUrl() {
        return new ViewState(stored, variant, schedule, step, List.of()).url();
    }

    public String variantUrl(ViewDesign v) {
        return new ViewState(stored, v, schedule, step, compare).url();
    }

    /** The view comparing the main variant with {@code others}. */
    public String compareUrl(List<ViewDesign> others) {
        return new ViewState(stored, variant, schedule, step, others).url();
    }

    /** The run that follows the recorded schedule for {@code step} steps, then lets {@code thread} run one step. */
    public String forkUrl(List<String> prefix, String thread) {
        List<String> script = new ArrayList<>(prefix);
        script.add(thread);
        return new ViewState(stored, variant, script, prefix.size() + 1, compare).url();
    }

    /** The scenario's own schedule, at this step. */
    public String unforkedUrl() {
        return new ViewState(stored, variant, null, step, compare).url();
    }

    /** A fragment URL for this view ("inspector", "explain", ...). */
    public String fragmentUrl(String fragment) {
        return path("/" + fragment, true);
    }

    /** The stream of the run (no step: the run does not depend on it). */
    public String streamUrl() {
        return path("/stream", false);
    }

    /** The run as a Perfetto trace file. */
    public String traceUrl() {
        return path("/trace.json", false);
    }

    public String timelineUrl() {
        return path("/timeline.json", false);
    }

    /** The viewer at step {@code step} of the run that follows {@code schedule} (then round robin). */
    public static String at(StoredScenario stored, ViewDesign design, List<String> schedule, int step) {
        return new ViewState(stored, design, List.copyOf(schedule), step, List.of()).url();
    }

    /** The page of the exploration of a scenario under a design. */
    public static String exploreUrl(String scenarioId, ViewDesign design) {
        return "/scenarios/" + UriUtils.encodePathSegment(scenarioId, StandardCharsets.UTF_8) + "/explore?variant=" + param(design.id());
    }

    /**
     * A design string in a query, kept readable: '=' stands as it is, and '+' too (it arrives as a space,
     * which a design string accepts in its place).
     */
    public static String param(String design) {
        return UriUtils.encodeQueryParam(design, StandardCharsets.UTF_8).replace("%3D", "=");
    }

    /**
     * Builds "/scenarios/{id}{suffix}?variant=..&schedule=..&step=..&compare=..". Schedule items and
     * variant ids only hold characters that are legal in a query, so links stay readable.
     */
    private String path(String suffix, boolean withStep) {
        StringBuilder b = new StringBuilder("/scenarios/").append(UriUtils.encodePathSegment(id(), StandardCharsets.UTF_8))
                .append(suffix).append("?variant=").append(param(variant.id()));
        if (schedule != null) b.append("&schedule=").append(UriUtils.encodeQueryParam(scheduleParam(), StandardCharsets.UTF_8));
        if (withStep) b.append("&step=").append(step);
        if (!compare.isEmpty() && withStep) b.append("&compare=").append(param(compareParam()));
        return b.toString();
    }
}
