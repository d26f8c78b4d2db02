package org.reaplab.cli;

import org.reaplab.designspace.DesignSearch;
import org.reaplab.designspace.DesignSpace;
import org.reaplab.designspace.PlainText;
import org.reaplab.designspace.SearchResult;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScenarioLibrary;
import org.reaplab.simulation.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code reaplab designs [FILE...] [--space NAME] [--json|--text] [--design ID | --scenario NAME]}: the
 * design-space search (docs/designs.md). Without files it searches the built-in library. Prints the
 * ranked table and the computed sentence (or one design's scorecard, or one scenario's verdict row), as
 * plain text or JSON; a progress bar goes to stderr while it runs. Exit 0 when the search finished
 * (whatever it found), 2 on bad input.
 */
final class DesignsCommand {
    static final String USAGE = "usage: reaplab designs [FILE...] [--space " + String.join("|", DesignSpace.names())
            + "] [--json|--text] [--design ID | --scenario NAME] [--max-states N] [--max-seconds S]";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    DesignsCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    int run(String[] args) {
        List<String> files = new ArrayList<>();
        String spaceName = DesignSpace.DEFAULT, design = null, scenario = null;
        boolean json = false;
        Explorer.Options budget = DesignSearch.budget();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--space" -> spaceName = value(args, ++i, a);
                    case "--json" -> json = true;
                    case "--text" -> json = false;
                    case "--design" -> design = value(args, ++i, a);
                    case "--scenario" -> scenario = value(args, ++i, a);
                    case "--max-states" -> budget = budget.withMaxStates(Long.parseLong(value(args, ++i, a)));
                    case "--max-seconds" -> budget = budget.withMaxSeconds(Double.parseDouble(value(args, ++i, a)));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--")) return bad("unknown option " + a);
                        files.add(a);
                    }
                }
            } catch (NumberFormatException e) {
                return bad(a + " needs a number, got '" + args[i] + "'");
            } catch (IllegalArgumentException e) {
                return bad(e.getMessage());
            }
        }
        if (budget.maxStates() <= 0 || budget.maxSeconds() <= 0) return bad("budgets must be positive");
        if (design != null && scenario != null) return bad("--design and --scenario exclude each other");
        DesignSpace space = DesignSpace.named(spaceName);
        if (space == null) return bad("unknown space '" + spaceName + "'; one of " + DesignSpace.names());
        if (design != null) {
            String d = design;
            if (space.designs().stream().noneMatch(p -> p.id().equals(d))) {
                return bad("design '" + design + "' is not in the space '" + space.name() + "'");
            }
        }

        List<LibraryEntry> scenarios = new ArrayList<>();
        if (files.isEmpty()) {
            scenarios.addAll(ScenarioLibrary.load());
        } else {
            boolean problems = false;
            for (String f : files) {
                Scenario s = ScenarioFiles.read(f, err);
                if (s == null) problems = true;
                else scenarios.add(new LibraryEntry(Path.of(f).getFileName().toString(), s));
            }
            if (problems) return 2;
        }
        if (scenario != null) {
            String n = scenario;
            if (scenarios.stream().noneMatch(e -> e.scenario().name().equals(n))) {
                return bad("no scenario named '" + scenario + "' among the files");
            }
        }

        SearchResult r = DesignSearch.run(scenarios, space, budget, progress(), filesArgument(files));
        if (terminal) err.print("\r" + " ".repeat(PlainText.WIDTH) + "\r");
        if (json) {
            Object doc = design != null ? r.design(design) : scenario != null ? r.row(scenario) : r;
            out.println(Json.pretty(doc));
        } else {
            out.print(design != null ? PlainText.scorecard(r, design)
                    : scenario != null ? PlainText.verdictRow(r, scenario) : PlainText.summary(r));
        }
        return 0;
    }

    /** A bar redrawn in place on a terminal; otherwise a line every 10% of the explorations. */
    private DesignSearch.Progress progress() {
        long start = System.nanoTime();
        int[] lastTenth = {-1};
        return (done, total, states) -> {
            double s = (System.nanoTime() - start) / 1e9;
            synchronized (this) {
                if (terminal) {
                    int width = 30, filled = total == 0 ? width : (int) ((long) width * done / total);
                    err.printf("\r[%s%s] %d/%d explorations, %,d states, %.0f s", "#".repeat(filled),
                            ".".repeat(width - filled), done, total, states, s);
                    err.flush();
                } else {
                    int tenth = total == 0 ? 10 : (int) (10L * done / total);
                    if (tenth != lastTenth[0]) {
                        lastTenth[0] = tenth;
                        err.printf("designs: %d/%d explorations, %,d states, %.0f s%n", done, total, states, s);
                    }
                }
            }
        };
    }

    /**
     * How the files are named in the reproducing command: "DIR/*.yaml" when they are every YAML file of
     * one directory, else the files as given; empty for the built-in library.
     */
    static String filesArgument(List<String> files) {
        if (files.isEmpty()) return "";
        Path dir = Path.of(files.get(0)).toAbsolutePath().getParent();
        boolean sameDir = files.stream().allMatch(f -> f.endsWith(".yaml") && dir != null
                && dir.equals(Path.of(f).toAbsolutePath().getParent()));
        if (sameDir) {
            try (Stream<Path> all = Files.list(dir)) {
                long yaml = all.filter(p -> p.getFileName().toString().endsWith(".yaml")).count();
                String given = Path.of(files.get(0)).getParent() == null ? "" : Path.of(files.get(0)).getParent() + "/";
                if (yaml == files.stream().distinct().count()) return given + "*.yaml";
            } catch (IOException e) {
                // name them one by one
            }
        }
        return String.join(" ", files);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private int bad(String message) {
        err.println("designs: " + message);
        err.println(USAGE);
        return 2;
    }
}
