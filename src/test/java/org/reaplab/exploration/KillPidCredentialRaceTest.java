package org.reaplab.exploration;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.StepEvent;
import org.reaplab.variant.Variant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 10: v2's kill_pid checks the permission (check_kill_permission inside
 * group_send_sig_info) and sends (send_signal_locked) in two steps, as pidfd_send_signal does, so the
 * credential race W7 shows under v2: the target's commit_creds between the two makes the kill one the
 * caller may no longer send.
 */
class KillPidCredentialRaceTest {

    @Test
    void setuidBetweenCheckAndSendKillsWithoutPermissionUnderV2() {
        Scenario s = TestScenarios.credentialRace();
        ExplorationReport r = Explorer.explore(s, Variant.REAP_KILL_V2, Explorer.Options.defaults());
        assertThat(r.complete()).isTrue();
        Counterexample c = r.counterexample("kill-without-permission");
        assertThat(c).as("W7 under v2").isNotNull();
        Run run = c.replay(s, Variant.REAP_KILL_V2);
        assertThat(c.reproducedBy(run)).isTrue();
        List<String> order = run.events().stream().filter(e -> e.index() <= c.step())
                .map(e -> e.thread() + "@" + e.function()).toList();
        assertThat(order).containsSubsequence("lmkd@kill_pid", "app@commit_creds", "lmkd@send_signal_locked");
        StepEvent send = run.events().get(c.step() - 1);
        assertThat(send.function()).isEqualTo("send_signal_locked");
        // setuid before the check: refused with -EPERM, nothing killed; after the send: killed with permission
        assertThat(r.outcomeClasses()).anySatisfy(k -> assertThat(k.ret("lmkd.process_mrelease")).isEqualTo("-EPERM"));
        assertThat(r.outcomeClasses()).anySatisfy(k -> {
            assertThat(k.ret("lmkd.process_mrelease")).isEqualTo("0");
            assertThat(k.violations()).isEmpty();
        });
    }

    @Test
    void pidfdSendSignalHasTheSameWindowUnderBaseline() {
        ExplorationReport r = Explorer.explore(TestScenarios.credentialRace(), Variant.BASELINE, Explorer.Options.defaults());
        assertThat(r.violations()).contains("kill-without-permission");
    }
}
