package org.reaplab.cli;

import org.reaplab.designspace.DesignSearch;
import org.reaplab.designspace.DesignSpace;
import org.reaplab.designspace.PlainText;
import org.reaplab.designspace.SearchResult;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code reaplab designs [FILE...] [--space NAME] [--json|--text] [--all] [--design ID | --scenario NAME]}: the
 * design-space search (docs/designs.md). Without files it searches the built-in library. Prints the
 * ranked table and the computed sentence (or one design's scorecard, or one scenario's verdict row), as
 * plain text or JSON; a progress bar goes to stderr while it runs. Exit 0 when the search finished
 * (whatever it found), 2 on bad input.
 */
final class DesignsCommand implements Command {
    @Override
    public String name() {
        return "designs";
    }

    @Override
    public String operands() {
        return "[FILE...]";
    }

    @Override
    public boolean manyOperands() {
        return true;
    }

    @Override
    public boolean operandsOptional() {
        return true;
    }

    @Override
    public List<List<Option>> options() {
        return List.of(List.of(Option.valued("--space", String.join("|", DesignSpace.names()))),
                List.of(Option.flag("--json"), Option.flag("--text")), List.of(Option.flag("--all")),
                List.of(Option.valued("--design", "ID"), Option.valued("--scenario", "NAME")),
                List.of(Option.valued("--max-states", "N")), List.of(Option.valued("--max-seconds", "S")));
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        boolean terminal = err == System.err && System.console() != null;
        List<String> files = args.operands();
        String spaceName = args.value("--space") == null ? DesignSpace.DEFAULT : args.value("--space");
        String design = args.value("--design"), scenario = args.value("--scenario");
        boolean json = args.flag("--json"), all = args.flag("--all");
        Explorer.Options defaults = DesignSearch.budget();
        Explorer.Options budget = defaults.withMaxStates(args.positiveLong("--max-states", defaults.maxStates()))
                .withMaxSeconds(args.positiveDouble("--max-seconds", defaults.maxSeconds()));
        DesignSpace space = DesignSpace.named(spaceName);
        if (space == null) throw new Args.BadArgs("unknown space '" + spaceName + "'; one of " + DesignSpace.names());
        if (design != null) {
            String d = design;
            if (space.designs().stream().noneMatch(p -> p.id().equals(d))) {
                throw new Args.BadArgs("design '" + design + "' is not in the space '" + space.name() + "'");
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
                throw new Args.BadArgs("no scenario named '" + scenario + "' among the files");
            }
        }

        SearchResult r = DesignSearch.run(scenarios, space, budget, progress(err, terminal), filesArgument(files));
        if (terminal) err.print("\r" + " ".repeat(PlainText.WIDTH) + "\r");
        if (json) {
            Object doc = design != null ? r.design(design) : scenario != null ? r.row(scenario) : r;
            out.println(Json.pretty(doc));
        } else {
            out.print(design != null ? PlainText.scorecard(r, design)
                    : scenario != null ? PlainText.verdictRow(r, scenario) : PlainText.summary(r, all));
        }
        return 0;
    }

    /** A bar redrawn in place on a terminal; otherwise a line every 10% of the explorations. */
    private static DesignSearch.Progress progress(PrintStream err, boolean terminal) {
        long start = System.nanoTime();
        int[] lastTenth = {-1};
        return (done, total, states) -> {
            double s = (System.nanoTime() - start) / 1e9;
            synchronized (lastTenth) {
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
}
