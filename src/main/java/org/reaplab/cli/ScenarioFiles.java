package org.reaplab.cli;

import org.reaplab.scenario.ParseResult;
import org.reaplab.scenario.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScenarioParser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a scenario file for a command, printing every problem as file:line:column: field: message. */
final class ScenarioFiles {
    private ScenarioFiles() {}

    /** The scenario, or null after the problems were printed to {@code err}. */
    static Scenario read(String file, PrintStream err) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            err.println(file + ": not UTF-8 text");
            return null;
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return null;
        }
        ParseResult result = new ScenarioParser().parse(text, file);
        if (result.scenario() != null) return result.scenario();
        for (Problem p : result.problems()) {
            err.println(file + ":" + p.line() + ":" + p.column() + ": " + (p.pointer() == null || p.pointer().isEmpty() ? "" : p.pointer() + ": ") + p.message());
        }
        return null;
    }
}
