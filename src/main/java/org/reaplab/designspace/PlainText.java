package org.reaplab.designspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search as plain ASCII wrapped at 72 columns, the way results are quoted in a reply on linux-mm:
 * the design-space summary, one design's scorecard, one scenario's verdict row. Each ends with the
 * command that reproduces it. The page, the API and the command line all print these texts.
 */
public final class PlainText {
    public static final int WIDTH = 72;

    private PlainText() {}

    /** The command that reproduces a text: {@code extra} is "--design ID" or "--scenario NAME" or empty. */
    public static String command(SearchResult r, String extra) {
        return "java -jar target/reaplab.jar designs" + (r.files().isEmpty() ? "" : " " + r.files()) + " --space "
                + r.space() + (extra.isEmpty() ? "" : " " + extra) + " --text";
    }

    /** Rows of the summary's table: the best ones, then the presets and the frontier that rank below. */
    public static final int TOP = 20;

    /** The sentence, then the ranked table: the {@link #TOP} best designs, then the presets and the Pareto frontier. */
    public static String summary(SearchResult r) {
        return summary(r, false);
    }

    /** As {@link #summary(SearchResult)}; with {@code all}, every design. */
    public static String summary(SearchResult r, boolean all) {
        StringBuilder b = new StringBuilder();
        line(b, "Design-space search '" + r.space() + "': " + r.designs().size() + " designs x " + r.scenarios().size()
                + " scenarios, " + r.explorations() + " explorations, " + String.format("%,d", r.distinctStates())
                + " distinct states, " + seconds(r.wallMillis()) + " on " + r.threads()
                + (r.threads() == 1 ? " thread" : " threads") + (r.cpuMillis() > 0 ? " (" + seconds(r.cpuMillis()) + " CPU)." : "."), "");
        b.append('\n');
        line(b, r.sentence(), "");
        b.append('\n');
        b.append("rank F status      races  freed  pinned killed errno  design\n");
        int shown = 0;
        for (DesignScore d : r.designs()) {
            if (!all && d.rank() > TOP && d.preset() == null && !d.pareto()) continue;
            shown++;
            String head = String.format("%4d %s %-10s %6s %6s %7d %6d %5s  ", d.rank(), d.pareto() ? "*" : " ", d.status(),
                    d.racesFreed() + "/" + d.races(), d.freed() + "/" + d.requests(), d.pinned(), d.collateral(),
                    d.misleading() == 0 ? "ok" : String.valueOf(d.misleading()));
            String id = d.id() + (d.preset() != null && !d.preset().equals(d.id()) ? " (" + d.preset() + ")" : "");
            if (head.length() + id.length() <= WIDTH) {
                b.append(head).append(id).append('\n');
            } else {
                b.append(head.stripTrailing()).append('\n');
                designId(b, id, "       ");
            }
        }
        if (shown < r.designs().size()) {
            line(b, "... and " + (r.designs().size() - shown) + " more designs below rank " + TOP
                    + " (--all lists every design).", "");
        }
        b.append('\n');
        line(b, "F: * on the Pareto frontier. races: race scenarios freed in every schedule. freed: scenarios with a"
                + " kill_and_reap freed in every schedule. pinned: scenarios where some schedule leaves the memory pinned"
                + " after the call. killed: processes killed that no call names. errno: scenarios where some return"
                + " misleads (ok: none). docs/designs.md defines each.", "");
        b.append('\n');
        line(b, "Reproduce: " + command(r, all ? "--all" : ""), "");
        return b.toString();
    }

    /** One design's scorecard, or null if the result has no such design. */
    public static String scorecard(SearchResult r, String design) {
        DesignScore d = r.design(design);
        if (d == null) return null;
        StringBuilder b = new StringBuilder();
        line(b, "Design " + d.id() + (d.preset() != null ? " (preset " + d.preset() + ")" : "") + ": rank " + d.rank()
                + " of " + r.designs().size() + (d.pareto() ? ", on the Pareto frontier" : "") + ".", "");
        List<String> knobs = new ArrayList<>();
        for (Map.Entry<String, String> e : d.knobs().entrySet()) knobs.add(e.getKey() + "=" + e.getValue());
        line(b, "knobs: " + String.join(", ", knobs), "  ");
        String status = switch (d.status()) {
            case DesignScore.SAFE -> "safe: no schedule of the " + r.scenarios().size() + " scenarios breaks a safety invariant";
            case DesignScore.INCOMPLETE -> "incomplete: no safety invariant broken so far, but a budget ran out in "
                    + String.join(", ", d.incompleteAt());
            default -> "unsafe: some schedule breaks " + d.safetyBreaks() + " safety invariant" + (d.safetyBreaks() == 1 ? "" : "s");
        };
        line(b, "status: " + status, "  ");
        line(b, "frees the memory in every schedule of " + d.racesFreed() + " of " + d.races() + " race scenarios, "
                + d.freed() + " of " + d.requests() + " scenarios with a kill_and_reap", "  ");
        line(b, "memory pinned after the call: in " + d.pinned() + " scenario" + (d.pinned() == 1 ? "" : "s") + " ("
                + d.pinnedEnds() + " of " + d.ends() + " end states)", "  ");
        line(b, "processes killed that no call names: " + d.collateral()
                + (d.collateralAt().isEmpty() ? "" : " (" + String.join("; ", d.collateralAt()) + ")"), "  ");
        line(b, "errno: " + (d.misleading() == 0 ? "tells what happened in every scenario"
                : "misleads in " + d.misleading() + " (" + String.join("; ", d.misleadingAt()) + ")"), "  ");
        if (!d.incompleteAt().isEmpty() && !DesignScore.INCOMPLETE.equals(d.status())) {
            line(b, "incomplete explorations: " + String.join(", ", d.incompleteAt()), "  ");
        }
        if (d.breaks().isEmpty()) {
            line(b, "breaks: no invariant, in any schedule", "  ");
        } else {
            b.append("  breaks:\n");
            for (DesignScore.Break x : d.breaks()) {
                line(b, x.invariant() + (x.safety() ? "" : " (the goal, not safety)") + " in " + x.scenarios()
                        + " scenario" + (x.scenarios() == 1 ? "" : "s") + "; shortest: " + x.scenario() + ", "
                        + x.step() + " steps: " + x.detail(), "    ");
                line(b, "schedule: " + String.join(" ", x.schedule()), "      ");
            }
        }
        b.append('\n');
        line(b, "Reproduce: " + command(r, "--design " + d.id()), "");
        return b.toString();
    }

    /** One scenario's verdicts under every design, grouped by verdict; null if the result has no such scenario. */
    public static String verdictRow(SearchResult r, String scenario) {
        SearchResult.Row row = r.row(scenario);
        SearchResult.ScenarioInfo info = r.scenario(scenario);
        if (row == null || info == null) return null;
        StringBuilder b = new StringBuilder();
        line(b, "Scenario " + scenario + (info.file() == null ? "" : " (" + info.file() + ")") + " under "
                + row.cells().size() + " designs" + (info.race() ? ", a race scenario" : "") + ":", "");
        line(b, info.title(), "  ");
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (SearchResult.Cell c : row.cells()) {
            String k = switch (c.verdict()) {
                case ScenarioScore.OK -> "no violation";
                case ScenarioScore.INCOMPLETE -> "incomplete (a budget ran out)";
                default -> "breaks " + String.join(", ", c.violations());
            };
            if (info.requests()) k += c.frees() ? ", frees the memory" : ", does not always free the memory";
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(c.design());
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            line(b, g.getValue().size() + " x " + g.getKey() + ": " + String.join(", ", g.getValue()), "  ", "      ");
        }
        b.append('\n');
        line(b, "Reproduce: " + command(r, "--scenario " + scenario), "");
        return b.toString();
    }

    /** A canonical string over several lines, cut before a '+' (so each line copies as a part of it). */
    static void designId(StringBuilder b, String id, String indent) {
        StringBuilder cur = new StringBuilder(indent);
        for (String part : id.split("(?=\\+)")) {
            if (cur.length() > indent.length() && cur.length() + part.length() > WIDTH) {
                b.append(cur).append('\n');
                cur = new StringBuilder(indent);
            }
            cur.append(part);
        }
        if (cur.length() > indent.length()) line(b, cur.substring(indent.length()), indent, indent);
    }

    private static void line(StringBuilder b, String text, String indent) {
        line(b, text, indent, indent + "  ");
    }

    /** Appends {@code text} word-wrapped at {@link #WIDTH}, the first line after {@code first}, the rest after {@code rest}. */
    static void line(StringBuilder b, String text, String first, String rest) {
        String prefix = first;
        StringBuilder cur = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : ascii(text).split(" ")) {
            if (word.isEmpty()) continue;
            while (cur.length() + (empty ? 0 : 1) + word.length() > WIDTH) {
                if (!empty) {
                    b.append(cur).append('\n');
                    cur = new StringBuilder(rest);
                    empty = true;
                    continue;
                }
                // a word longer than a line: cut it
                int room = WIDTH - cur.length();
                b.append(cur).append(word, 0, room).append('\n');
                word = word.substring(room);
                cur = new StringBuilder(rest);
            }
            if (!empty) cur.append(' ');
            cur.append(word);
            empty = false;
        }
        if (!empty) b.append(cur).append('\n');
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    /** Plain ASCII: arrows, dashes, quotes and ellipses spelled out; anything else becomes '?'. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') b.append(' ');
            else if (c < 128) b.append(c);
            else b.append(switch (c) {
                case '\u2192' -> "->";
                case '\u2190' -> "<-";
                case '\u00d7' -> "x";
                case '\u2026' -> "...";
                case '\u2013', '\u2014' -> "-";
                case '\u2018', '\u2019' -> "'";
                case '\u201c', '\u201d' -> "\"";
                case '\u2265' -> ">=";
                case '\u2264' -> "<=";
                case '\u2260' -> "!=";
                default -> "?";
            });
        }
        return b.toString();
    }
}
