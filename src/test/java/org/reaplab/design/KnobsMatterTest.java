package org.reaplab.design;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No knob is dead: for each knob, a library scenario where changing that knob alone (from a preset, or a
 * design one knob away from it) changes what happens, and what changes. "run" compares the scenario's
 * own schedule (calls with their returns and the pages resident right after, killed, reaped, invariants);
 * "explore" compares the outcome classes of every schedule.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class KnobsMatterTest {

    /** knob, scenario, the design, the same design with that knob changed, and what must differ. */
    record Row(Knob<?> knob, String scenario, String from, String to, boolean explore, String because) {}

    static final List<Row> ROWS = List.of(
            new Row(Knobs.ENTRY, "proc-reader-race", "baseline", "baseline+entry=mrelease_flag", false,
                    "kill_and_reap becomes one process_mrelease(PROCESS_MRELEASE_REAP_KILL) call"),
            new Row(Knobs.SIGNALLED, "clone-vm-sibling", "reap_kill_all_rfc", "reap_kill_all_rfc+signalled=victim", false,
                    "sibling is no longer killed"),
            new Row(Knobs.MM_PIN, "proc-reader-race", "reap_kill_v2+multiprocess=through",
                    "reap_kill_v2+mm_pin=find_after_kill+multiprocess=through", true,
                    "finding the mm after the kill reopens W1: -ESRCH with the memory pinned"),
            new Row(Knobs.MULTIPROCESS, "clone-vm-sibling", "reap_kill_v2", "reap_kill_v2+multiprocess=through", false,
                    "-EINVAL becomes a kill of app and a reap under sibling"),
            new Row(Knobs.PERMISSION, "sibling-other-uid", "reap_kill_all_rfc", "reap_kill_all_rfc+permission=precheck", false,
                    "the pre-check kills nobody"),
            new Row(Knobs.PIDNS_CHECK, "pidfd-passed-into-container", "reap_kill_v2", "reap_kill_v2+pidns_check=yes", false,
                    "the kill outside the caller's pid namespace is refused (-EINVAL)"),
            new Row(Knobs.IGNORED_SIGKILL, "container-init-victim", "reap_kill_v2", "reap_kill_v2+ignored_sigkill=fails", false,
                    "the ignored SIGKILL is -EPERM instead of a reap of a live process"),
            new Row(Knobs.REAP_DECISION, "kthread-use-mm", "reap_kill_all_rfc", "reap_kill_all_rfc+reap_decision=will_free_mem", false,
                    "task_will_free_mem sees the kthread using the mm: -EINVAL, no reap"),
            new Row(Knobs.REVALIDATION, "coredumping-victim", "reap_kill_all_checked+revalidation=group_exit",
                    "reap_kill_all_checked+revalidation=will_free_mem", false,
                    "the victim killed while dumping core is still dumping at re-validation: -EBUSY, no reap"),
            new Row(Knobs.KILL_ERRNO, "sibling-other-uid", "reap_kill_all_rfc", "reap_kill_all_rfc+kill_errno=own", false,
                    "-EBUSY becomes the failure's own -EPERM"),
            new Row(Knobs.PIDFD_THREAD, "pidfd-thread-leader", "reap_kill_all_checked", "reap_kill_all_checked+pidfd_thread=reject", false,
                    "a PIDFD_THREAD pidfd is refused with -EINVAL"),
            new Row(Knobs.REAPER, "proc-reader-race", "reap_kill_v2", "reap_kill_v2+reaper=oom_reaper", false,
                    "the call returns with the memory still resident; the oom_reaper reaps it later"));

    @Test
    void everyKnobHasARow() {
        assertThat(ROWS.stream().map(r -> r.knob().id()).toList()).containsExactlyInAnyOrderElementsOf(Knobs.ids());
        for (Row r : ROWS) {
            Design from = Design.parse(r.from()), to = Design.parse(r.to());
            assertThat(from.problems()).as(r.from()).isEmpty();
            assertThat(to.problems()).as(r.to()).isEmpty();
            assertThat(to.overridesFrom(from)).as(r.knob().id()).containsOnlyKeys(r.knob().id());
        }
    }

    @TestFactory
    List<DynamicTest> everyKnobChangesAnOutcome() {
        List<DynamicTest> out = new ArrayList<>();
        for (Row r : ROWS) {
            out.add(DynamicTest.dynamicTest(r.knob().id() + " in " + r.scenario() + ": " + r.because(), () -> {
                Scenario s = scenario(r.scenario());
                Set<String> a = r.explore() ? classes(s, r.from()) : Set.of(run(s, r.from()));
                Set<String> b = r.explore() ? classes(s, r.to()) : Set.of(run(s, r.to()));
                assertThat(b).as(r.from() + " vs " + r.to()).isNotEqualTo(a);
            }));
        }
        return out;
    }

    static Scenario scenario(String name) {
        for (LibraryEntry e : ScenarioLibrary.load()) if (e.scenario().name().equals(name)) return e.scenario();
        throw new IllegalArgumentException(name);
    }

    static String run(Scenario s, String design) {
        Outcome o = Simulation.run(s, s.design(design)).outcome();
        return "calls=" + o.calls().stream().map(c -> c.key() + "=" + c.ret() + c.residentAfter()).toList()
                + " killed=" + o.tasks().stream().filter(Outcome.TaskOutcome::killed).map(Outcome.TaskOutcome::process).collect(Collectors.toCollection(TreeSet::new))
                + " reaped=" + o.mms().stream().filter(Outcome.MmOutcome::reaped).map(Outcome.MmOutcome::name).toList()
                + " violations=" + o.violations().stream().map(v -> v.invariant()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> classes(Scenario s, String design) {
        ExplorationReport r = Explorer.explore(s, s.design(design), VerdictMatrix.libraryOptions());
        assertThat(r.complete()).as(s.name() + " " + design).isTrue();
        Set<String> out = new TreeSet<>();
        for (OutcomeClass c : r.outcomeClasses()) out.add(c.signature());
        return out;
    }
}
