package org.reaplab.exploration;

import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The library's explorations for the tests that compare against them, each computed once per test JVM:
 * with the partial-order reduction (the verdict matrix, {@link VerdictMatrix#library()}) and without it
 * (kept here). Reports are immutable, so every caller may share them.
 */
final class LibraryCells {
    private LibraryCells() {}

    private static final Map<String, ExplorationReport> FULL = new ConcurrentHashMap<>();
    private static final Map<String, ExplorationReport> ONCE = new ConcurrentHashMap<>();

    /** The cell as the verdict matrix explored it: library options, reduction on, one thread. */
    static ExplorationReport reduced(Scenario s, Variant v) {
        return VerdictMatrix.library().cell(s.name(), v.id).report();
    }

    /** The same cell explored without the reduction (library options, one thread). */
    static ExplorationReport full(Scenario s, Variant v) {
        return FULL.computeIfAbsent(s.name() + " " + v.id,
                k -> Explorer.explore(s, v, VerdictMatrix.libraryOptions().withReduction(false).withThreads(1)));
    }

    /**
     * Any scenario (by name) under a preset with the given options, explored once per test JVM: for the
     * tests that assert several things about one exploration (the sharers in {@link PersistentSetsTest}).
     */
    static ExplorationReport once(Scenario s, Variant v, Explorer.Options options) {
        return ONCE.computeIfAbsent(s.name() + " " + v.id + " " + options, k -> Explorer.explore(s, v, options));
    }
}
