package org.reaplab.web.verdicts;

import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exploration report as the pages show it: the verdict in words and a glyph, the outcome classes
 * with what tells them apart (facts every class shares are said once, in {@link #common()}), and the
 * viewer links of each counterexample and each class's example schedule.
 */
public record ReportView(String scenarioId, ViewDesign variant, VerdictMatrix.Verdict verdict, ExplorationReport report,
                         List<Fact> common, List<ClassView> classes, List<CounterexampleView> counterexamples,
                         String exploreUrl) {

    /**
     * One thing an observer sees at the end: a call's return, who was killed, whether an mm was reaped,
     * a violated invariant, a panic, threads left blocked.
     *
     * @param kind  call, killed, reaped, violation, panic, stuck
     * @param label what it is about ("process_mrelease", "app_mm"), possibly empty
     * @param title the long name, for a tooltip ("lmkd.process_mrelease")
     * @param value what it was ("-ESRCH", "✓ reaped")
     * @param tone  ok, err or "" (a hint for colour; the value carries the meaning)
     */
    public record Fact(String kind, String label, String title, String value, String tone) {
        String key() {
            return kind + "\u0000" + title;
        }

        public String css() {
            return "fact f-" + kind;
        }

        /** The call or mm it is about, shown as code; null if none. */
        public String code() {
            return label == null || label.isEmpty() || !(kind.equals("call") || kind.equals("reaped")) ? null : label;
        }

        /** A word before the value ("killed"); null if none. */
        public String word() {
            return kind.equals("killed") ? "killed" : null;
        }

        public String valueCss() {
            if (kind.equals("call")) return "ret " + tone;
            if (kind.equals("killed")) return "who";
            return "tone " + tone;
        }
    }

    /** An outcome class: what sets it apart from the cell's other classes, its count and an example run. */
    public record ClassView(OutcomeClass outcome, List<Fact> facts, boolean violated, String exampleUrl) {
        public long count() {
            return outcome.count();
        }

        public int exampleSteps() {
            return outcome.example().size();
        }
    }

    public record CounterexampleView(Counterexample counterexample, String url) {
        public String invariant() {
            return counterexample.invariant();
        }

        public int steps() {
            return counterexample.step();
        }

        public String detail() {
            return counterexample.detail();
        }

        /** "app in mmput: mmput: app_mm still has 1 user(s)…": the violating step as the replay words it, or null. */
        public String at() {
            Counterexample.At at = counterexample.at();
            return at == null ? null : at.thread() + " in " + at.function() + ": " + at.text();
        }

        public String schedule() {
            return org.reaplab.web.viewer.ScheduleParam.format(counterexample.schedule());
        }
    }

    private static final Set<String> PRESENCE = Set.of("violation", "panic", "stuck");
    private static final Map<String, String> ABSENT = Map.of("violation", "✓ no violation", "panic", "no panic",
            "stuck", "nothing stuck");

    public static ReportView of(StoredScenario stored, ViewDesign variant, ExplorationReport report) {
        VerdictMatrix.Verdict verdict = report.violated() ? VerdictMatrix.Verdict.VIOLATED
                : report.complete() ? VerdictMatrix.Verdict.OK : VerdictMatrix.Verdict.INCOMPLETE;

        List<OutcomeClass> classes = new ArrayList<>(report.outcomeClasses());
        // violating classes first, then as the report has them (most frequent first)
        classes.sort(Comparator.comparing((OutcomeClass c) -> c.violations().isEmpty()));
        Map<String, String> labels = callLabels(classes);
        int mmCount = 0;
        for (OutcomeClass c : classes) mmCount = Math.max(mmCount, c.reaped().size());

        List<List<Fact>> factsOf = new ArrayList<>();
        for (OutcomeClass c : classes) factsOf.add(facts(c, labels, mmCount > 1));

        // facts with the same value in every class are common; presence-only facts (violations, panic,
        // stuck) are common only when every class has them
        Map<String, Fact> first = new LinkedHashMap<>();
        Map<String, Integer> same = new HashMap<>();
        for (List<Fact> fs : factsOf) {
            for (Fact f : fs) {
                Fact f0 = first.putIfAbsent(f.key(), f);
                if (f0 == null || f0.value().equals(f.value())) same.merge(f.key(), 1, Integer::sum);
            }
        }
        Set<String> commonKeys = new LinkedHashSet<>();
        if (classes.size() > 1) {
            for (String k : first.keySet()) if (same.getOrDefault(k, 0) == classes.size()) commonKeys.add(k);
        }
        Set<String> presentKinds = new LinkedHashSet<>();
        for (Fact f : first.values()) if (PRESENCE.contains(f.kind()) && !commonKeys.contains(f.key())) presentKinds.add(f.kind());
        // a call that did not return in some class differs there: show "—" for it
        Set<String> callKeys = new LinkedHashSet<>();
        for (Fact f : first.values()) if (f.kind().equals("call") && !commonKeys.contains(f.key())) callKeys.add(f.key());

        List<Fact> common = new ArrayList<>();
        for (String k : commonKeys) common.add(first.get(k));
        List<ClassView> views = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            OutcomeClass c = classes.get(i);
            Map<String, Fact> byKey = new LinkedHashMap<>();
            for (Fact f : factsOf.get(i)) byKey.put(f.key(), f);
            List<Fact> own = new ArrayList<>();
            for (String k : callKeys) {
                Fact f = byKey.get(k);
                Fact f0 = first.get(k);
                own.add(f != null ? f : new Fact("call", f0.label(), f0.title(), "—", "none"));
            }
            for (Fact f : factsOf.get(i)) if (!f.kind().equals("call") && !commonKeys.contains(f.key())) own.add(f);
            if (own.isEmpty()) {
                // it differs from the others only by what it lacks
                for (String kind : presentKinds) {
                    boolean has = false;
                    for (Fact f : factsOf.get(i)) has |= f.kind().equals(kind);
                    if (!has) own.add(new Fact("no-" + kind, "", "", ABSENT.get(kind), "ok"));
                }
            }
            String url = c.example().isEmpty() ? null : ViewState.at(stored, variant, c.example(), c.example().size());
            views.add(new ClassView(c, List.copyOf(own), !c.violations().isEmpty(), url));
        }

        List<CounterexampleView> cex = new ArrayList<>();
        for (Counterexample c : report.counterexamples()) {
            cex.add(new CounterexampleView(c, ViewState.at(stored, variant, c.schedule(), c.step())));
        }
        return new ReportView(stored.id(), variant, verdict, report, List.copyOf(common), List.copyOf(views),
                List.copyOf(cex), ViewState.exploreUrl(stored.id(), variant));
    }

    /** "thread.op" → "op" when no other thread of these classes has that op, else the key as it is. */
    private static Map<String, String> callLabels(List<OutcomeClass> classes) {
        Map<String, Set<String>> threadsOfOp = new HashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (OutcomeClass c : classes) keys.addAll(c.calls().keySet());
        for (String k : keys) {
            int dot = k.indexOf('.');
            if (dot > 0) threadsOfOp.computeIfAbsent(k.substring(dot + 1), x -> new LinkedHashSet<>()).add(k.substring(0, dot));
        }
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
            int dot = k.indexOf('.');
            String op = dot > 0 ? k.substring(dot + 1) : k;
            out.put(k, dot > 0 && threadsOfOp.get(op).size() == 1 ? op : k);
        }
        return out;
    }

    private static List<Fact> facts(OutcomeClass c, Map<String, String> labels, boolean nameMms) {
        List<Fact> out = new ArrayList<>();
        for (Map.Entry<String, String> e : c.calls().entrySet()) {
            String ret = e.getValue();
            out.add(new Fact("call", labels.get(e.getKey()), e.getKey(), ret, ret.startsWith("-") ? "err" : "ok"));
        }
        out.add(new Fact("killed", "killed", "killed by a call",
                c.killed().isEmpty() ? "nobody" : String.join(", ", c.killed()), ""));
        for (Map.Entry<String, Boolean> e : c.reaped().entrySet()) {
            String freed = c.freed().get(e.getKey());
            out.add(freedFact(e.getKey(), nameMms, e.getValue(), freed));
        }
        for (String v : c.violations()) out.add(new Fact("violation", v, v, "⚠ " + v, "err"));
        if (c.panic()) out.add(new Fact("panic", "panic", "kernel panic", "☠ kernel panic", "err"));
        if (!c.stuck().isEmpty()) {
            out.add(new Fact("stuck", "stuck", "blocked at the end", "stuck: " + String.join(", ", c.stuck()), "err"));
        }
        return out;
    }

    /**
     * Who freed an mm's memory: "✓ reaped", "freed by exit_mmap in ps" (the memory was freed, just not by
     * a reap: not an error), or "✗ pinned" (still mapped at the end, the one outcome shown in red).
     */
    static Fact freedFact(String mm, boolean nameMm, boolean reaped, String freed) {
        String label = nameMm ? mm : "";
        if (freed == null) return new Fact("reaped", label, mm, reaped ? "✓ reaped" : "✗ not reaped", reaped ? "ok" : "err");
        if (freed.contains("pinned")) {
            return new Fact("reaped", label, mm, "✗ pinned" + (freed.equals("pinned") ? "" : " (or " + freed.replace("pinned or ", "").replace(" or pinned", "") + ")"), "err");
        }
        if (reaped) return new Fact("reaped", label, mm, "✓ reaped", "ok");
        if (freed.startsWith("exit_mmap")) return new Fact("reaped", label, mm, "freed by " + freed, "");
        return new Fact("reaped", label, mm, freed, "");
    }

    // ------------------------------------------------------------------ words for the templates

    /** Every call some class returned from ("thread.op"), in program order: the columns of a class table. */
    public List<String> callKeys() {
        List<OutcomeClass> longestFirst = new ArrayList<>(report.outcomeClasses());
        longestFirst.sort(Comparator.comparing((OutcomeClass c) -> -c.calls().size()));
        Set<String> keys = new LinkedHashSet<>();
        for (OutcomeClass c : longestFirst) keys.addAll(c.calls().keySet());
        return List.copyOf(keys);
    }

    /**
     * Who freed the memory, over every outcome class: "reaped", "exit_mmap in app", "✗ pinned" (several
     * joined by " or "), with the mm named when the scenario has more than one.
     */
    public String memory() {
        Map<String, List<String>> byMm = new java.util.TreeMap<>();
        for (OutcomeClass c : report.outcomeClasses()) {
            for (Map.Entry<String, Boolean> e : c.reaped().entrySet()) {
                String freed = c.freed().get(e.getKey());
                List<String> ways = byMm.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (freed == null) ways.add(e.getValue() ? "reaped" : "not reaped");
                else ways.addAll(List.of(freed.split(" or ")));
            }
        }
        List<String> parts = new ArrayList<>();
        byMm.forEach((mm, ways) -> parts.add((byMm.size() > 1 ? mm + ": " : "") + memory(ways)));
        return String.join("; ", parts);
    }

    /** "✗ pinned or exit_mmap in app/ps or ✓ reaped": the worst first. */
    static String memory(List<String> ways) {
        boolean pinned = false, reaped = false, notReaped = false, nothing = false;
        Set<String> exitIn = new java.util.TreeSet<>();
        for (String w : ways) {
            if (w.equals("pinned")) pinned = true;
            else if (w.equals("nothing mapped")) nothing = true;
            else if (w.equals("not reaped")) notReaped = true;
            else {
                if (w.startsWith("reaped")) reaped = true;
                int in = w.indexOf("exit_mmap in ");
                if (in >= 0 && !w.startsWith("reaped")) exitIn.add(w.substring(in + "exit_mmap in ".length()));
            }
        }
        List<String> out = new ArrayList<>();
        if (pinned) out.add("✗ pinned");
        if (notReaped) out.add("✗ not reaped");
        if (!exitIn.isEmpty()) out.add("exit_mmap in " + String.join("/", exitIn));
        if (reaped) out.add("✓ reaped");
        if (nothing) out.add("nothing mapped");
        return String.join(" or ", out);
    }

    /** Memory stays mapped at the end of some schedule. */
    public boolean pinned() {
        return memory().contains("✗");
    }

    /** One line of plain text: the variant, the verdict, who freed the memory, the invariants broken. */
    public String plainText() {
        StringBuilder b = new StringBuilder(variant.id()).append(": ").append(verdictGlyph()).append(' ').append(verdictText());
        if (!counterexamples.isEmpty()) {
            b.append(" (").append(String.join(", ", counterexamples.stream().map(x -> x.invariant() + " in " + x.steps() + " steps").toList())).append(')');
        }
        String m = memory();
        if (!m.isEmpty()) b.append("; memory ").append(m);
        return b.toString();
    }

    /** Every mm of the scenario, by name. */
    public List<String> mmNames() {
        Set<String> names = new LinkedHashSet<>();
        for (OutcomeClass c : report.outcomeClasses()) names.addAll(c.reaped().keySet());
        return List.copyOf(names);
    }

    public String verdictGlyph() {
        switch (verdict) {
            case OK: return "✓";
            case VIOLATED: return "⚠";
            default: return "◔";
        }
    }

    public String verdictText() {
        switch (verdict) {
            case OK: return "no violation";
            case VIOLATED: return "violation";
            default: return "incomplete";
        }
    }

    /** "every schedule explored", or which budget stopped the search. */
    public String completeness() {
        if (report.complete()) return "every schedule explored";
        return "incomplete: the " + report.budgetHit() + " budget ran out";
    }
}
