package org.reaplab.simulation;

import org.junit.jupiter.api.Test;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The facts a run computes once agree with the kernel state, and name the same event the same way in every variant. */
class RunFactsTest {

    private static Run run(Variant v) {
        return Simulation.run(org.reaplab.ProcReaderRace.scenario(), v);
    }

    private static List<String> keys(Run r, String kind) {
        List<String> out = new ArrayList<>();
        for (RunFacts.StepFacts s : r.facts().steps()) for (RunEvent e : s.events()) if (e.kind().equals(kind)) out.add(e.key());
        return out;
    }

    @Test
    void countersAfterEveryStepMatchTheReplayedState() {
        for (LibraryEntry entry : ScenarioLibrary.load().subList(0, 6)) {
            for (Variant v : Variant.values()) {
                Run r = Simulation.run(entry.scenario(), v);
                long[][] now = new long[r.facts().start().size()][];
                for (int m = 0; m < now.length; m++) {
                    RunFacts.Counters c = r.facts().start().get(m);
                    now[m] = new long[] {c.users(), c.count(), c.resident()};
                }
                for (int i = 1; i <= r.steps(); i++) {
                    for (RunFacts.Counters c : r.facts().at(i).counters()) {
                        for (int m = 0; m < now.length; m++) {
                            if (r.facts().start().get(m).mm().equals(c.mm())) now[m] = new long[] {c.users(), c.count(), c.resident()};
                        }
                    }
                    KernelState k = r.stateAt(i);
                    for (int m = 0; m < now.length; m++) {
                        Mm mm = k.mm(r.facts().start().get(m).mm());
                        assertThat(now[m]).as(entry.file() + " " + v.id + " step " + i)
                                .containsExactly(mm.users, mm.count, mm.resident());
                    }
                }
            }
        }
    }

    @Test
    void theSameEventHasTheSameKeyUnderEveryVariantThatReachesIt() {
        Run baseline = run(Variant.BASELINE), v2 = run(Variant.REAP_KILL_V2);
        int ret = baseline.facts().stepOf("return:lmkd.process_mrelease");
        assertThat(baseline.events().get(ret - 1).call().ret()).isEqualTo("-ESRCH");
        int ret2 = v2.facts().stepOf("return:lmkd.process_mrelease");
        assertThat(v2.events().get(ret2 - 1).call().ret()).isEqualTo("0");
        for (Run r : List.of(baseline, v2)) {
            assertThat(keys(r, "kill")).containsExactly("kill:lmkd>app");
            assertThat(keys(r, "exit_mm")).contains("exit_mm:app");
            assertThat(keys(r, "ref")).contains("mmget:ps:app_mm");
            assertThat(keys(r, "exit_mmap")).containsExactly("exit_mmap:app_mm");
        }
        // the victim's exit_mm comes after the kill in both, at different step numbers
        assertThat(baseline.facts().stepOf("exit_mm:app")).isGreaterThan(baseline.facts().stepOf("kill:lmkd>app"));
        assertThat(baseline.facts().stepOf("exit_mm:app")).isNotEqualTo(v2.facts().stepOf("exit_mm:app"));
        // exit_mmap ran in the reader under baseline: the reader's mmput was the last one
        RunEvent.ExitMmap exitMmap = baseline.facts().steps().stream().flatMap(s -> s.events().stream())
                .filter(e -> e instanceof RunEvent.ExitMmap).map(e -> (RunEvent.ExitMmap) e).findFirst().orElseThrow();
        assertThat(exitMmap.thread()).isEqualTo("ps");
    }

    @Test
    void theW1WindowAndTheSignalFlowAreTyped() {
        Run baseline = run(Variant.BASELINE);
        assertThat(baseline.facts().windows()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("W1");
            assertThat(w.thread()).isEqualTo("lmkd");
            assertThat(baseline.events().get(w.to() - 1).function()).isEqualTo("find_lock_task_mm");
            assertThat(w.exits()).singleElement().satisfies(s -> assertThat(baseline.events().get(s - 1).function()).isEqualTo("exit_mm"));
        });
        assertThat(baseline.facts().flows()).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo("lmkd");
            assertThat(f.deliveries()).extracting(RunFacts.Point::thread).containsExactly("app");
            assertThat(f.exits()).extracting(RunFacts.Point::thread).containsExactly("app");
            assertThat(f.exits().get(0).step()).isGreaterThan(f.deliveries().get(0).step());
        });
        // every reference taken is dropped by the end: the reader's mmget..mmput
        assertThat(baseline.facts().refs()).allSatisfy(r -> assertThat(r.to()).isGreaterThan(r.from()));
        assertThat(run(Variant.REAP_KILL_V2).facts().windows()).isEmpty();
    }

    @Test
    void eventsBeforeAStepAreLatestFirst() {
        Run baseline = run(Variant.BASELINE);
        int ret = baseline.facts().stepOf("return:lmkd.process_mrelease");
        assertThat(baseline.facts().eventsBefore(ret, 3)).first().isEqualTo("return:lmkd.process_mrelease");
        assertThat(baseline.facts().eventsBefore(0, 3)).isEmpty();
    }
}
