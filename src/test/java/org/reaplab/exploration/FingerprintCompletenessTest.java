package org.reaplab.exploration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast fingerprint leaves out what never changes after an object is made (a task's name, pid, thread
 * group and program, a group's or mm's name and layout): two clone orders could then be merged into one
 * state. Explored with states told apart by everything they hold ({@link FullStates}), every library
 * scenario under every preset has exactly the explorer's distinct states, transitions, terminal states,
 * outcome classes and first violations, and no two of its reachable states share a fingerprint. An mm's
 * counts of pages freed by reaping and by exit_mmap are left out of both on purpose ({@link FullStates#HISTORY}):
 * no step reads them, which the search checks on every state where they are not zero.
 */
@Execution(ExecutionMode.CONCURRENT)
class FingerprintCompletenessTest {
    @Test
    void noReachableStatesOfTheLibraryAreMergedByTheFingerprint() {
        record Cell(Scenario scenario, Variant variant) {}
        List<Cell> cells = new ArrayList<>();
        for (LibraryEntry e : ScenarioLibrary.load()) for (Variant v : Variant.values()) cells.add(new Cell(e.scenario(), v));
        List<String> failures = cells.parallelStream().map(c -> {
            FullStates.Result full = FullStates.explore(c.scenario(), c.scenario().design(c.variant().id));
            ExplorationReport fast = LibraryCells.full(c.scenario(), c.variant());
            String cell = c.scenario().name() + " under " + c.variant().id;
            List<String> out = new ArrayList<>();
            if (!fast.complete()) out.add(cell + ": the explorer's search is incomplete");
            if (full.states() != fast.distinctStates()) {
                out.add(cell + ": " + full.states() + " states by full equality, " + fast.distinctStates() + " by fingerprint");
            }
            if (full.transitions() != fast.transitions()) out.add(cell + ": transitions " + full.transitions() + " / " + fast.transitions());
            if (full.terminals() != fast.completeSchedules()) out.add(cell + ": terminal states " + full.terminals() + " / " + fast.completeSchedules());
            if (!full.classes().equals(PersistentSetsTest.classes(fast))) out.add(cell + ": outcome classes " + full.classes() + " / " + PersistentSetsTest.classes(fast));
            if (!full.firstViolation().equals(PersistentSetsTest.lengths(fast))) out.add(cell + ": first violations " + full.firstViolation() + " / " + PersistentSetsTest.lengths(fast));
            full.problems().forEach(m -> out.add(cell + ": " + m));
            return String.join("\n", out);
        }).filter(s -> !s.isEmpty()).toList();
        assertThat(failures).as("cells where the fingerprint merges states that differ").isEmpty();
    }

    /** The full key tells states apart by what the fingerprint leaves out (a task's name), not by the run's history. */
    @Test
    void theFullKeyTellsApartWhatTheFingerprintLeavesOut() throws ReflectiveOperationException {
        Scenario s = TestScenarios.sharers(2);
        KernelState a = Kernels.boot(s, Variant.BASELINE);
        assertThat(FullStates.key(Kernels.boot(s, Variant.BASELINE))).isEqualTo(FullStates.key(a));
        KernelState renamed = Kernels.boot(s, Variant.BASELINE);
        Field name = Task.class.getDeclaredField("name");
        name.setAccessible(true);
        name.set(renamed.tasks[1], renamed.tasks[1].name + "-renamed");
        assertThat(FullStates.key(renamed)).isNotEqualTo(FullStates.key(a));
        KernelState users = Kernels.boot(s, Variant.BASELINE);
        users.mms[0].users++;
        assertThat(FullStates.key(users)).isNotEqualTo(FullStates.key(a));
        KernelState reclaimed = Kernels.boot(s, Variant.BASELINE);
        reclaimed.mms[0].reclaimedByReap++;
        assertThat(FullStates.key(reclaimed)).as("history").isEqualTo(FullStates.key(a));
    }

}
