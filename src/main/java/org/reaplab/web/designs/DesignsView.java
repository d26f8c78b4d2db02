package org.reaplab.web.designs;

import org.reaplab.designspace.DesignScore;
import org.reaplab.designspace.PlainText;
import org.reaplab.designspace.ScenarioScore;
import org.reaplab.designspace.SearchResult;
import org.reaplab.web.viewer.ScheduleParam;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search as the page shows it: the sentence, a row per design (ranked) with its violations linked
 * to the viewer, a row per scenario with its verdict counts, and the plain texts behind the copy buttons.
 */
public record DesignsView(SearchResult result, List<DesignRow> designs, List<ScenarioRow> scenarios, String summaryText) {

    /** A violation and the viewer link of its shortest counterexample (the design in the URL), or null. */
    public record BreakView(DesignScore.Break b, String url) {
        public String schedule() {
            return String.join(" ", b.schedule());
        }
    }

    public record DesignRow(DesignScore d, List<BreakView> breaks, String knobs, String text) {
        /** Presets and the frontier are marked with words as well as glyphs. */
        public String marks() {
            List<String> m = new ArrayList<>();
            if (d.preset() != null) m.add("preset");
            if (d.pareto()) m.add("Pareto");
            return String.join(", ", m);
        }
    }

    public record ScenarioRow(SearchResult.ScenarioInfo info, int ok, int violated, int incomplete, int frees, String text) {}

    public static DesignsView of(SearchResult r) {
        List<DesignRow> designs = new ArrayList<>();
        for (DesignScore d : r.designs()) {
            List<BreakView> breaks = new ArrayList<>();
            // the viewer takes any design by its canonical string (a preset's is its id)
            for (DesignScore.Break b : d.breaks()) breaks.add(new BreakView(b, viewerUrl(b.scenario(), d.id(), b.schedule(), b.step())));
            List<String> knobs = new ArrayList<>();
            for (Map.Entry<String, String> e : d.knobs().entrySet()) knobs.add(e.getKey() + "=" + e.getValue());
            designs.add(new DesignRow(d, List.copyOf(breaks), String.join(" ", knobs), PlainText.scorecard(r, d.id())));
        }
        List<ScenarioRow> scenarios = new ArrayList<>();
        for (SearchResult.ScenarioInfo s : r.scenarios()) {
            int ok = 0, bad = 0, open = 0, frees = 0;
            for (SearchResult.Cell c : r.row(s.name()).cells()) {
                switch (c.verdict()) {
                    case ScenarioScore.OK -> ok++;
                    case ScenarioScore.VIOLATED -> bad++;
                    default -> open++;
                }
                if (c.frees()) frees++;
            }
            scenarios.add(new ScenarioRow(s, ok, bad, open, frees, PlainText.verdictRow(r, s.name())));
        }
        return new DesignsView(r, List.copyOf(designs), List.copyOf(scenarios), PlainText.summary(r));
    }

    /**
     * The viewer on a design at step {@code step} of the run that follows {@code schedule}, as the verdict
     * matrix links its counterexamples. A design's canonical string holds '+', which a query would read
     * as a space, so it is percent-encoded.
     */
    public static String viewerUrl(String scenario, String design, List<String> schedule, int step) {
        return "/scenarios/" + UriUtils.encodePathSegment(scenario, StandardCharsets.UTF_8) + "?variant="
                + UriUtils.encode(design, StandardCharsets.UTF_8).replace("%3D", "=")
                + "&schedule=" + UriUtils.encodeQueryParam(ScheduleParam.format(schedule), StandardCharsets.UTF_8)
                + "&step=" + step;
    }
}
