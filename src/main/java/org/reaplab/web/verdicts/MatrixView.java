package org.reaplab.web.verdicts;

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
 * The library's verdict matrix as the page shows it: a row per scenario (library order), a {@link ReportView}
 * per variant, how each variant's cells end, and the {@link MatrixTotals}.
 */
public record MatrixView(List<Variant> variants, List<Row> rows, MatrixTotals totals, List<Column> columns) {

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

    public static MatrixView of(VerdictMatrix m, ScenarioStore store, long wallMillis, int threads) {
        List<Variant> variants = new ArrayList<>();
        for (String id : m.variants()) variants.add(Variant.byId(id));
        List<Row> rows = new ArrayList<>();
        int[] ok = new int[variants.size()], bad = new int[variants.size()], open = new int[variants.size()];
        for (VerdictMatrix.Row r : m.rows()) {
            StoredScenario stored = store.find(r.scenario()).orElseGet(() ->
                    new StoredScenario(r.scenario(), null, null, true, Instant.EPOCH));
            List<ReportView> cells = new ArrayList<>();
            for (int j = 0; j < r.cells().size(); j++) {
                VerdictMatrix.Cell c = r.cells().get(j);
                cells.add(ReportView.of(stored, ViewDesign.preset(variants.get(j)), c.report()));
                if (c.verdict() == VerdictMatrix.Verdict.VIOLATED) bad[j]++;
                else if (c.verdict() == VerdictMatrix.Verdict.INCOMPLETE) open[j]++;
                else ok[j]++;
            }
            rows.add(new Row(r.scenario(), r.title() == null ? r.scenario() : r.title(), r.file(),
                    "/scenarios/" + UriUtils.encodePathSegment(r.scenario(), StandardCharsets.UTF_8), List.copyOf(cells)));
        }
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < variants.size(); j++) columns.add(new Column(variants.get(j), ok[j], bad[j], open[j]));
        return new MatrixView(List.copyOf(variants), List.copyOf(rows), MatrixTotals.of(m, wallMillis, threads),
                List.copyOf(columns));
    }
}
