package org.reaplab.exploration.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Distinct states per second of the explorer on one core: the library scenarios and N sharers of one mm.
 * Each invocation explores the scenario(s) under a variant from scratch, up to {@link #MAX_STATES} states each;
 * the {@code states} and {@code transitions} counters are per second.
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main ExploreJmh
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx6g"})
@State(Scope.Benchmark)
public class ExploreJmh {
    static final long MAX_STATES = 2_000_000;

    /** "library": every built-in scenario under the variant, per invocation; "sharers-N": N sharers of one mm. */
    @Param({"library", "proc-reader-race", "coredumping-victim", "sharers-2", "sharers-3", "sharers-4"})
    public String scenario;

    @Param({"baseline", "reap_kill_all_rfc", "kernel_oom"})
    public String variant;

    List<Scenario> scenarios;
    Variant v;

    @Setup
    public void setup() {
        List<Scenario> library = ScenarioLibrary.load().stream().map(LibraryEntry::scenario).toList();
        if (scenario.equals("library")) scenarios = library;
        else if (scenario.startsWith("sharers-")) scenarios = List.of(TestScenarios.sharers(Integer.parseInt(scenario.substring(8))));
        else scenarios = library.stream().filter(x -> x.name().equals(scenario)).toList();
        if (scenarios.isEmpty()) throw new IllegalArgumentException(scenario);
        v = Variant.byId(variant);
    }

    /** Per-second counters JMH reports next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long states;
        public long transitions;

        @Setup(Level.Iteration)
        public void reset() {
            states = 0;
            transitions = 0;
        }
    }

    @Benchmark
    public long explore(Counters c) {
        long states = 0;
        for (Scenario s : scenarios) {
            ExplorationReport r = Explorer.explore(s, v, Explorer.Options.defaults().withMaxStates(MAX_STATES).withMaxSeconds(600));
            c.states += r.distinctStates();
            c.transitions += r.transitions();
            states += r.distinctStates();
        }
        return states;
    }
}
