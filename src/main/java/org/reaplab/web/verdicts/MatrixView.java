package org.reaplab.web.verdicts;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.ViewDesign;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's verdict matrix as the page and the API show it: a row per scenario (library order),
 * a {@link ReportView} per variant, and the report figures summed over every cell.
 */
public record MatrixView(List<Variant> variants, List<Row> rows, Totals totals, List<Column> columns) {

    public record Row(String id, String title, String file, String viewerUrl, List<ReportView> cells) {
        /** The row as plain text for a mail: the scenario, then one line per variant. */
        public String plainText() {
            StringBuilder b = new StringBuilder(title).append(" (").append(id).append(")\n");
            for (ReportView c : cells) b.append("  ").append(c.plainText()).append('\n');
            return b.toString();
        }

        public boolean violated() {
            return cells.stream().anyMatch(c -> c.verdict() == VerdictMatrix.Verdict.VIOLATED);
        }
    }

    /** How the cells of one variant end: counts of each verdict. */
    public record Column(Variant variant, int ok, int violated, int incomplete) {}

    /**
     * The SPIN/TLC figures over the whole matrix.
     *
     * @param elapsedMillis time spent exploring, summed over the cells (CPU time, roughly)
     * @param wallMillis    how long the matrix took, its explorations running {@code threads} at once
     */
    public record Totals(int explorations, int violated, int incomplete, long distinctStates, long transitions,
                         long prunedTransitions, int maxDepth, long completeSchedules, long outcomeClasses,
                         long elapsedMillis, long wallMillis, int threads) {
        public double statesPerSecond() {
            return elapsedMillis == 0 ? 0 : distinctStates * 1000.0 / elapsedMillis;
        }
    }

    public static MatrixView of(VerdictMatrix m, ScenarioStore store, long wallMillis, int threads) {
        List<Variant> variants = new ArrayList<>();
        for (String id : m.variants()) variants.add(Variant.byId(id));
        List<Row> rows = new ArrayList<>();
        int violated = 0, incomplete = 0, n = 0, maxDepth = 0;
        long states = 0, transitions = 0, pruned = 0, schedules = 0, classes = 0, elapsed = 0;
        int[] ok = new int[variants.size()], bad = new int[variants.size()], open = new int[variants.size()];
        for (VerdictMatrix.Row r : m.rows()) {
            StoredScenario stored = store.find(r.scenario()).orElseGet(() ->
                    new StoredScenario(r.scenario(), null, null, true, Instant.EPOCH));
            List<ReportView> cells = new ArrayList<>();
            for (int j = 0; j < r.cells().size(); j++) {
                VerdictMatrix.Cell c = r.cells().get(j);
                ExplorationReport rep = c.report();
                cells.add(ReportView.of(stored, ViewDesign.preset(variants.get(j)), rep));
                n++;
                if (c.verdict() == VerdictMatrix.Verdict.VIOLATED) {
                    violated++;
                    bad[j]++;
                } else if (c.verdict() == VerdictMatrix.Verdict.INCOMPLETE) {
                    incomplete++;
                    open[j]++;
                } else {
                    ok[j]++;
                }
                states += rep.distinctStates();
                transitions += rep.transitions();
                pruned += rep.prunedTransitions();
                schedules += rep.completeSchedules();
                classes += rep.outcomeClasses().size();
                elapsed += rep.elapsedMillis();
                maxDepth = Math.max(maxDepth, rep.maxDepth());
            }
            rows.add(new Row(r.scenario(), r.title() == null ? r.scenario() : r.title(), r.file(),
                    "/scenarios/" + UriUtils.encodePathSegment(r.scenario(), StandardCharsets.UTF_8), List.copyOf(cells)));
        }
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < variants.size(); j++) columns.add(new Column(variants.get(j), ok[j], bad[j], open[j]));
        Totals totals = new Totals(n, violated, incomplete, states, transitions, pruned, maxDepth, schedules, classes,
                elapsed, wallMillis, threads);
        return new MatrixView(List.copyOf(variants), List.copyOf(rows), totals, List.copyOf(columns));
    }
}
