package org.reaplab.golden;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.kernel.Change;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engine's behaviour on the library as text: for every library scenario × every preset, each step
 * event of the scenario's own schedule in a canonical form, and the exhaustive exploration's counts and
 * outcome classes. {@link GoldenBehaviourTest} compares the engine with the files under
 * {@code src/test/resources/golden/}; regenerate them after an intended behaviour change with
 * <pre>mvn -q -Dtest=GoldenBehaviourTest -Dgolden.update=true test</pre>
 * (or run this class's main from the project directory) and name the changed cells in the commit.
 */
public final class Golden {
    public static final Path DIR = Path.of("src/test/resources/golden");
    public static final String EXPLORATION_FILE = "exploration.txt";

    private Golden() {}

    /** The cells: what each preset is run as. */
    static List<Variant> variants() {
        return List.of(Variant.values());
    }

    /** File name (under {@link #DIR}) to its expected content, for the whole library. */
    public static Map<String, String> render() {
        Map<String, String> out = new LinkedHashMap<>();
        List<LibraryEntry> library = ScenarioLibrary.load();
        for (LibraryEntry e : library) {
            StringBuilder b = new StringBuilder();
            for (Variant v : variants()) {
                b.append("=== ").append(e.scenario().name()).append(" [").append(v.id).append("]\n");
                b.append(events(Simulation.run(e.scenario(), v)));
            }
            out.put("events/" + e.file().replaceAll("\\.ya?ml$", "") + ".txt", b.toString());
        }
        StringBuilder x = new StringBuilder();
        VerdictMatrix m = VerdictMatrix.library();
        for (VerdictMatrix.Row row : m.rows()) {
            for (VerdictMatrix.Cell cell : row.cells()) x.append(exploration(cell.report()));
        }
        out.put(EXPLORATION_FILE, x.toString());
        return out;
    }

    /** Every step of a run, one line each, then the run's end. */
    public static String events(Run run) {
        StringBuilder b = new StringBuilder();
        for (StepEvent e : run.events()) {
            b.append(e.index()).append(' ').append(e.thread()).append(' ').append(e.function()).append(" | ").append(e.text());
            if (!e.locks().isEmpty()) b.append(" | locks ").append(e.locks());
            if (!e.changes().isEmpty()) b.append(" | changes ").append(e.changes().stream().map(Golden::change).collect(Collectors.joining(", ")));
            if (!e.signals().isEmpty()) b.append(" | signals ").append(e.signals().stream().map(Golden::signal).collect(Collectors.joining(", ")));
            if (e.call() != null) b.append(" | call ").append(call(e.call()));
            if (!e.violations().isEmpty()) b.append(" | violations ").append(e.violations().stream().map(Golden::violation).collect(Collectors.joining(", ")));
            b.append('\n');
        }
        Outcome o = run.outcome();
        b.append("end steps=").append(o.steps()).append(" panic=").append(o.panic()).append(" stuck=").append(o.stuck())
                .append(" truncated=").append(o.truncated()).append('\n');
        return b.toString();
    }

    /** A cell's exploration counts, then its outcome classes (count and signature). */
    public static String exploration(ExplorationReport r) {
        StringBuilder b = new StringBuilder();
        b.append(r.scenario()).append(" [").append(r.variant()).append("] complete=").append(r.complete())
                .append(" states=").append(r.distinctStates()).append(" transitions=").append(r.transitions())
                .append(" terminal=").append(r.completeSchedules()).append(" classes=").append(r.outcomeClasses().size())
                .append(" violations=").append(r.violations()).append('\n');
        // sorted, so the explorer's order of discovery does not matter
        r.outcomeClasses().stream().map(c -> "  " + c.count() + " " + c.signature()).sorted()
                .forEach(line -> b.append(line).append('\n'));
        return b.toString();
    }

    private static String change(Change c) {
        return (c.op() == null ? "" : c.op() + ":") + c;
    }

    private static String signal(SignalEdge s) {
        return s.from() + "->" + s.to() + " " + s.signal() + " " + s.result() + (s.userInitiated() ? "" : " (kernel)");
    }

    private static String call(CallResult c) {
        return c.key() + "=" + c.ret() + " resident" + c.residentAfter();
    }

    private static String violation(Violation v) {
        return v.invariant() + " (" + v.detail() + ")";
    }

    /** Writes every golden file (run from the project directory). */
    public static void write(Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = DIR.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        Map<String, String> files = render();
        write(files);
        System.out.println("wrote " + files.size() + " golden files under " + DIR.toAbsolutePath());
    }
}
