package org.reaplab.web.gallery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reaplab.scenario.Op;
import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.runs.Runs;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.web.viewer.Views;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Which variants a scenario tells apart: it is run under every variant and the variants are grouped
 * by their verdict (what the kill-and-reap call returned, whether the memory was reaped, which
 * invariants broke). The runs are the viewer's (the app's {@link Runs}, so opening a card's variant in the viewer
 * finds its run computed); the verdicts, a line each, are kept per scenario id, since a listing asks for many.
 *
 * <p>Six runs of up to {@code reaplab.viewer.max-steps} steps each can take a second, so a page that lists uploads
 * does not compute them on its request thread: {@link #ifReady} answers from the cache or asks the bounded run
 * executor (the one streams use) for them, and the card says they are coming.
 */
@Component
public class VariantVerdicts {
    private static final int KEEP = 512;

    /** Variants that end the same way, and how. */
    public record Group(List<Variant> variants, String verdict) {
        public String ids() {
            return String.join(", ", variants.stream().map(v -> v.id).toList());
        }

        /** "baseline: today's kernel; …", for a tooltip. */
        public String titles() {
            return String.join("; ", variants.stream().map(v -> v.id + ": " + v.title).toList());
        }

        /** The return value the verdict starts with ("-ESRCH", "0", "OOM kill 0"), or "". */
        public String ret() {
            int dot = verdict.indexOf(" · ");
            String first = dot < 0 ? verdict : verdict.substring(0, dot);
            return first.equals("reaped") || first.equals("not reaped") ? "" : first;
        }

        /** The verdict after its return value. */
        public String rest() {
            String r = ret();
            return r.isEmpty() ? verdict : verdict.substring(Math.min(verdict.length(), r.length() + 3));
        }

        /** The verdict of {@code v} among {@code groups}, or null. */
        public static String verdictOf(List<Group> groups, Variant v) {
            for (Group g : groups) if (g.variants().contains(v)) return g.verdict();
            return null;
        }

        public boolean failed() {
            return ret().startsWith("-") || ret().contains("-E");
        }
    }

    private final Cache<String, List<Group>> byId = Caffeine.newBuilder().maximumSize(KEEP).build();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService simulate;
    private final Views views;

    VariantVerdicts(@Qualifier("runExecutor") ExecutorService simulate, Views views) {
        this.simulate = simulate;
        this.views = views;
    }

    /** The verdicts, computed now if they are not known yet. */
    public List<Group> of(StoredScenario s) {
        return byId.get(s.id(), id -> compute(s));
    }

    /**
     * The verdicts if they are known; else null, and they are computed in the background (at most
     * {@value #KEEP} scenarios wait for that at once; beyond it a later visit asks again).
     */
    public List<Group> ifReady(StoredScenario s) {
        List<Group> known = byId.getIfPresent(s.id());
        if (known != null) return known;
        if (pending.add(s.id())) {
            // added first, then counted: visits at once cannot all pass a check made before their adds
            if (pending.size() > KEEP) {
                pending.remove(s.id());
                return null;
            }
            try {
                simulate.execute(() -> {
                    try {
                        of(s);
                    } finally {
                        pending.remove(s.id());
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                pending.remove(s.id());
            }
        }
        return null;
    }

    private List<Group> compute(StoredScenario s) {
        Map<String, List<Variant>> groups = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            String verdict;
            try {
                Run run = views.run(new ViewState(s, ViewDesign.of(s, v), null, 0, List.of())).run();
                verdict = verdict(run.outcome());
            } catch (RuntimeException e) {
                verdict = "cannot run: " + e.getMessage();
            }
            groups.computeIfAbsent(verdict, k -> new ArrayList<>()).add(v);
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((verdict, vs) -> out.add(new Group(List.copyOf(vs), verdict)));
        return List.copyOf(out);
    }

    /** "-ESRCH · not reaped · ⚠ memory-pinned-after-reap-call". */
    static String verdict(Outcome o) {
        List<String> parts = new ArrayList<>();
        CallResult key = null;
        for (CallResult c : o.calls()) {
            if (c.op().equals(Op.ProcessMrelease.NAME) || c.op().equals(Op.OomKill.NAME)) key = c;
        }
        if (key != null) parts.add(key.op().equals(Op.OomKill.NAME) ? "OOM kill " + key.ret() : key.ret());
        boolean anyReaped = o.mms().stream().anyMatch(Outcome.MmOutcome::reaped);
        parts.add(anyReaped ? "reaped" : "not reaped");
        if (o.panic() != null) parts.add("☠ panic");
        else if (o.tasks().stream().anyMatch(Outcome.TaskOutcome::sigbus)) parts.add("SIGBUS");
        for (String v : o.violations().stream().map(x -> x.invariant()).distinct().toList()) parts.add("⚠ " + v);
        return String.join(" · ", parts);
    }
}
