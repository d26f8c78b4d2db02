package org.reaplab.web;

import org.junit.jupiter.api.Test;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;

import static org.assertj.core.api.Assertions.assertThat;

/** The web tests' scenarios are valid and do what the tests rely on. */
class WebTestScenariosTest {

    @Test
    void everyTestScenarioParsesAndRunsUnderEveryVariant() {
        for (String f : WebTestScenarios.FILES) {
            for (Variant v : Variant.values()) {
                Run run = Simulation.run(WebTestScenarios.scenario(f), v, WebTestScenarios.scenario(f).schedule(), 20_000);
                System.out.println(f + " " + v.id + " " + run.steps() + " steps " + run.outcome().calls().stream().map(c -> c.key() + "=" + c.ret()).toList());
                assertThat(run.steps()).isPositive();
            }
        }
    }

    @Test
    void procReaderRaceTellsBaselineFromV2() {
        Run base = Simulation.run(WebTestScenarios.scenario("proc-reader-race"), Variant.BASELINE);
        Run v2 = Simulation.run(WebTestScenarios.scenario("proc-reader-race"), Variant.REAP_KILL_V2);
        assertThat(base.outcome().expect().ok()).as(base.outcome().expect().failures().toString()).isTrue();
        assertThat(v2.outcome().expect().ok()).as(v2.outcome().expect().failures().toString()).isTrue();
    }

    @Test
    void longRunHasAboutTenThousandSteps() {
        Run run = Simulation.run(WebTestScenarios.scenario("long-proc-read"), Variant.BASELINE);
        assertThat(run.steps()).isBetween(9_000, 20_000);
    }
}
