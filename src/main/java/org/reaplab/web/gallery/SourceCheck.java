package org.reaplab.web.gallery;

import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.format.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pasted or uploaded scenario, checked: the problems the parser found, and the lines around each
 * so the page can show the message next to the line it is about. What a page shows is bounded whatever
 * was pasted: the first {@code reaplab.limits.problems} problems (and how many more there are), and of each
 * line only {@code reaplab.limits.excerpt-width} characters around the first problem on it.
 *
 * @param problems the problems shown (the first ones)
 * @param total    every problem found
 */
public record SourceCheck(String text, Scenario scenario, List<Problem> problems, List<Line> listing, boolean empty,
                          int total) {

    static final int CONTEXT = 2;

    /**
     * A line of the listing; {@code gap} marks an elided stretch before it.
     *
     * @param text     the line, or the part of it around its first problem ("…" where it was cut)
     * @param problems the problems reported on this line
     * @param from     the column the shown text starts at, 1 when the line is shown from its start
     */
    public record Line(int number, String text, List<Problem> problems, boolean gap, int from) {
        public boolean bad() {
            return !problems.isEmpty();
        }

        public Line(int number, String text, List<Problem> problems, boolean gap) {
            this(number, text, problems, gap, 1);
        }

        /** Spaces up to the column, for a caret under the spot (never wider than the shown text). */
        public String indent(Problem p) {
            int lead = from > 1 ? 1 : 0; // the "…" in front
            int col = Math.max(1, Math.min(p.column() - from + 1 + lead, text.length() + 1));
            return " ".repeat(col - 1);
        }
    }

    /** The problems beyond the ones shown. */
    public int omitted() {
        return total - problems.size();
    }

    public boolean ok() {
        return !empty && scenario != null && problems.isEmpty();
    }

    static SourceCheck of(String text, String source, int maxProblems, int width) {
        if (text == null || text.isBlank()) return new SourceCheck("", null, List.of(), List.of(), true, 0);
        if (text.length() > ScenarioParser.MAX_CHARS) {
            Problem p = new Problem(source, 1, 1, "", "the scenario is " + text.length() + " characters long; the limit is "
                    + ScenarioParser.MAX_CHARS);
            return new SourceCheck(text, null, List.of(p), List.of(), false, 1);
        }
        ParseResult r = new ScenarioParser().parse(text, source);
        List<Problem> shown = r.problems().subList(0, Math.min(r.problems().size(), Math.max(1, maxProblems)));
        return new SourceCheck(text, r.ok() ? r.scenario() : null, List.copyOf(shown), listing(text, shown, width), false,
                r.problems().size());
    }

    /** The lines with problems, with a little context, in order; each cut to {@code width} characters. */
    static List<Line> listing(String text, List<Problem> problems, int width) {
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
            List<Problem> here = byLine.getOrDefault(n, List.of());
            out.add(excerpt(n, lines[n - 1], here, last != 0 && n > last + 1, Math.max(20, width)));
            last = n;
            if (out.size() > 400) break;
        }
        return out;
    }

    /** The line, or {@code width} characters of it starting a little before its first problem's column. */
    private static Line excerpt(int number, String line, List<Problem> problems, boolean gap, int width) {
        if (line.length() <= width) return new Line(number, line, problems, gap, 1);
        int col = problems.isEmpty() ? 1 : problems.get(0).column();
        int from = Math.max(1, Math.min(col - width / 4, line.length() - width + 2));
        int to = Math.min(line.length(), from - 1 + width);
        String shown = (from > 1 ? "…" : "") + line.substring(from - 1, to) + (to < line.length() ? "…" : "");
        return new Line(number, shown, problems, gap, from);
    }
}
