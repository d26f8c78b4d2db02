package org.reaplab.web.gallery;

import org.reaplab.scenario.ParseResult;
import org.reaplab.scenario.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScenarioParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pasted or uploaded scenario, checked: the problems the parser found, and the lines around each
 * so the page can show the message next to the line it is about.
 */
public record SourceCheck(String text, Scenario scenario, List<Problem> problems, List<Line> listing, boolean empty) {

    static final int CONTEXT = 2;

    /**
     * A line of the listing; {@code gap} marks an elided stretch before it.
     *
     * @param problems the problems reported on this line
     */
    public record Line(int number, String text, List<Problem> problems, boolean gap) {
        public boolean bad() {
            return !problems.isEmpty();
        }

        /** Spaces up to the column, for a caret under the spot. */
        public String indent(Problem p) {
            int col = Math.max(1, Math.min(p.column(), text.length() + 1));
            return " ".repeat(col - 1);
        }
    }

    public boolean ok() {
        return !empty && scenario != null && problems.isEmpty();
    }

    static SourceCheck of(String text, String source) {
        if (text == null || text.isBlank()) return new SourceCheck("", null, List.of(), List.of(), true);
        if (text.length() > ScenarioParser.MAX_CHARS) {
            Problem p = new Problem(source, 1, 1, "", "the scenario is " + text.length() + " characters long; the limit is "
                    + ScenarioParser.MAX_CHARS);
            return new SourceCheck(text, null, List.of(p), List.of(), false);
        }
        ParseResult r = new ScenarioParser().parse(text, source);
        return new SourceCheck(text, r.ok() ? r.scenario() : null, r.problems(), listing(text, r.problems()), false);
    }

    /** The lines with problems, with a little context, in order. */
    static List<Line> listing(String text, List<Problem> problems) {
        if (problems.isEmpty()) return List.of();
        String[] lines = text.split("\r?\n", -1);
        Map<Integer, List<Problem>> byLine = new TreeMap<>();
        for (Problem p : problems) {
            int line = Math.max(1, Math.min(p.line(), lines.length));
            byLine.computeIfAbsent(line, k -> new ArrayList<>()).add(p);
        }
        boolean[] near = new boolean[lines.length + 1];
        for (int bad : byLine.keySet()) {
            for (int n = Math.max(1, bad - CONTEXT); n <= Math.min(lines.length, bad + CONTEXT); n++) near[n] = true;
        }
        List<Line> out = new ArrayList<>();
        int last = 0;
        for (int n = 1; n <= lines.length; n++) {
            if (!near[n]) continue;
            out.add(new Line(n, lines[n - 1], byLine.getOrDefault(n, List.of()), last != 0 && n > last + 1));
            last = n;
            if (out.size() > 400) break;
        }
        return out;
    }
}
