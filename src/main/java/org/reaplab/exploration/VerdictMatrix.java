package org.reaplab.exploration;

import org.reaplab.design.Design;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenarios × variants, each cell the exhaustive exploration of that scenario under that variant: its
 * outcome classes, and for each violated invariant the shortest counterexample (replayable as a script
 * schedule: {@link Counterexample#script()}, violating at {@link Counterexample#step()}). Plain Java;
 * the web layer keeps one instance (the library's is computed once, see {@link #library()}).
 */
public final class VerdictMatrix {

    /** "ok": every schedule explored, no violation; "violated"; "incomplete": a budget ran out first, no violation found. */
    public enum Verdict {
        OK("ok"), VIOLATED("violated"), INCOMPLETE("incomplete");

        public final String id;

        Verdict(String id) {
            this.id = id;
        }
    }

    /** One scenario under one variant. */
    public record Cell(String scenario, String variant, Verdict verdict, ExplorationReport report) {
        public List<String> violations() {
            return List.copyOf(report.violations());
        }
    }

    /** One scenario: its cells in the order of {@link VerdictMatrix#variants()}. */
    public record Row(String scenario, String title, String file, List<Cell> cells) {}

    private final List<String> variants;
    private final List<Row> rows;

    private VerdictMatrix(List<String> variants, List<Row> rows) {
        this.variants = List.copyOf(variants);
        this.rows = List.copyOf(rows);
    }

    public List<String> variants() {
        return variants;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The cell of a scenario (by name) under a variant (by id), or null. */
    public Cell cell(String scenario, String variant) {
        for (Row r : rows) {
            if (!r.scenario().equals(scenario)) continue;
            for (Cell c : r.cells()) if (c.variant().equals(variant)) return c;
        }
        return null;
    }

    /** Cells in which some schedule violates an invariant. */
    public List<Cell> violatedCells() {
        List<Cell> out = new ArrayList<>();
        for (Row r : rows) for (Cell c : r.cells()) if (c.verdict() == Verdict.VIOLATED) out.add(c);
        return out;
    }

    /** A matrix of cells explored elsewhere (the web app explores each cell as a job of its own). */
    public static VerdictMatrix of(List<String> variants, List<Row> rows) {
        return new VerdictMatrix(variants, rows);
    }

    public static Verdict verdict(ExplorationReport r) {
        return r.violated() ? Verdict.VIOLATED : r.complete() ? Verdict.OK : Verdict.INCOMPLETE;
    }

    /**
     * Explores every scenario under every variant.
     *
     * @param files       file name per scenario (same order), or null
     * @param parallelism threads exploring cells at once (each exploration is single-threaded)
     */
    public static VerdictMatrix compute(List<Scenario> scenarios, List<String> files, List<Variant> variants,
                                        Explorer.Options options, int parallelism) {
        return computeDesigns(scenarios, files, variants.stream().map(v -> v.id).toList(), options, parallelism);
    }

    /**
     * Explores every scenario under every named design: a preset id or a design's canonical string,
     * resolved per scenario by {@link Scenario#design(String)} (so a file's variantOptions still apply).
     * Cells are keyed by the name.
     */
    public static VerdictMatrix computeDesigns(List<Scenario> scenarios, List<String> files, List<String> designs,
                                               Explorer.Options options, int parallelism) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "verdict-matrix");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<ExplorationReport>>> futures = new ArrayList<>();
            for (Scenario s : scenarios) {
                List<Future<ExplorationReport>> row = new ArrayList<>();
                for (String d : designs) {
                    Design design = s.design(d);
                    row.add(pool.submit(() -> Explorer.explore(s, design, options)));
                }
                futures.add(row);
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                List<Cell> cells = new ArrayList<>();
                for (int j = 0; j < designs.size(); j++) {
                    ExplorationReport r = futures.get(i).get(j).get();
                    cells.add(new Cell(s.name(), designs.get(j), verdict(r), r));
                }
                rows.add(new Row(s.name(), s.title(), files == null ? null : files.get(i), List.copyOf(cells)));
            }
            return new VerdictMatrix(designs, rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exploring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("exploration failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Budgets of a library cell: generous, the whole library explores in seconds. */
    public static Explorer.Options libraryOptions() {
        return Explorer.Options.defaults().withMaxStates(2_000_000).withMaxSeconds(30);
    }

    private static volatile VerdictMatrix library;

    /** The built-in library under every variant, computed on first use and kept. */
    public static VerdictMatrix library() {
        VerdictMatrix m = library;
        if (m == null) {
            synchronized (VerdictMatrix.class) {
                m = library;
                if (m == null) {
                    List<LibraryEntry> entries = ScenarioLibrary.load();
                    m = compute(entries.stream().map(LibraryEntry::scenario).toList(),
                            entries.stream().map(LibraryEntry::file).toList(), List.of(Variant.values()),
                            libraryOptions(), Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
                    library = m;
                }
            }
        }
        return m;
    }
}
