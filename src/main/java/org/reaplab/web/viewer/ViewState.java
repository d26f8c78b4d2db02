package org.reaplab.web.viewer;

import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything a viewer URL says: scenario, variant, schedule (null: the scenario's own), step and the
 * variants to compare with. Every link the pages draw is made here, so each view reopens from its URL.
 */
public record ViewState(StoredScenario stored, Variant variant, List<String> schedule, int step, List<Variant> compare) {

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

    public ViewState withVariant(Variant v) {
        return new ViewState(stored, v, schedule, step, compare);
    }

    public String compareParam() {
        return compare.isEmpty() ? null : compare.stream().map(v -> v.id).collect(Collectors.joining(","));
    }

    /** All variants shown: the main one first, then the compared ones. */
    public List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        out.add(variant);
        for (Variant v : compare) if (!out.contains(v)) out.add(v);
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

    public String variantUrl(Variant v) {
        return new ViewState(stored, v, schedule, step, compare).url();
    }

    /** The view comparing the main variant with {@code others}. */
    public String compareUrl(List<Variant> others) {
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

    /**
     * Builds "/scenarios/{id}{suffix}?variant=..&schedule=..&step=..&compare=..". Schedule items and
     * variant ids only hold characters that are legal in a query, so links stay readable.
     */
    private String path(String suffix, boolean withStep) {
        StringBuilder b = new StringBuilder("/scenarios/").append(UriUtils.encodePathSegment(id(), StandardCharsets.UTF_8))
                .append(suffix).append("?variant=").append(variant.id);
        if (schedule != null) b.append("&schedule=").append(UriUtils.encodeQueryParam(scheduleParam(), StandardCharsets.UTF_8));
        if (withStep) b.append("&step=").append(step);
        if (!compare.isEmpty() && withStep) b.append("&compare=").append(compareParam());
        return b.toString();
    }
}
