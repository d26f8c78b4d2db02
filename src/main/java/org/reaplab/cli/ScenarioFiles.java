package org.reaplab.cli;

import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.format.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioParser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a scenario file for a command, printing every problem as file:line:column: pointer: message. */
final class ScenarioFiles {
    /** A scenario file read and parsed, or the problems found in it, one line each. */
    record Loaded(Scenario scenario, List<String> problems) {}

    /** Reads and parses one scenario file (tests substitute their own). */
    @FunctionalInterface
    interface Loader {
        Loaded load(Path file);
    }

    private ScenarioFiles() {}

    /** Reads a UTF-8 YAML or JSON scenario file with {@link ScenarioParser}. */
    static Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return new Loaded(null, List.of(file + ": not UTF-8 text"));
        } catch (IOException e) {
            return new Loaded(null, List.of(file + ": cannot read: " + e.getMessage()));
        }
        ParseResult r = new ScenarioParser().parse(text, file.toString());
        if (r.scenario() != null) return new Loaded(r.scenario(), List.of());
        List<String> problems = new ArrayList<>();
        for (Problem p : r.problems()) {
            problems.add(file + ":" + p.line() + ":" + p.column() + ": "
                    + (p.pointer() == null || p.pointer().isEmpty() ? "" : p.pointer() + ": ") + p.message());
        }
        if (problems.isEmpty()) problems.add(file + ": not a scenario");
        return new Loaded(null, problems);
    }

    /** The scenario, or null after the problems were printed to {@code err}. */
    static Scenario read(String file, PrintStream err) {
        return read(ScenarioFiles::load, file, err);
    }

    static Scenario read(Loader loader, String file, PrintStream err) {
        Loaded loaded = loader.load(Path.of(file));
        loaded.problems().forEach(err::println);
        return loaded.scenario();
    }
}
