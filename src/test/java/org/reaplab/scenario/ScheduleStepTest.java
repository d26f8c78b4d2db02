package org.reaplab.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleStepTest {

    @Test
    void readsTheThreeFormsAndWritesThemBack() {
        assertThat(ScheduleStep.parse("app/1")).isEqualTo(new ScheduleStep("app/1", false, null));
        assertThat(ScheduleStep.parse("lmkd*")).isEqualTo(new ScheduleStep("lmkd", true, null));
        assertThat(ScheduleStep.parse("ps@mmput")).isEqualTo(new ScheduleStep("ps", false, "mmput"));
        for (String s : new String[] {"app/1", "lmkd*", "ps@mmput", "oom_reaper@__oom_reap_task_mm"}) {
            assertThat(ScheduleStep.parse(s)).hasToString(s);
        }
    }

    @Test
    void saysWhyATextIsNoStep() {
        assertThat(ScheduleStep.problem("ps@1mmput")).startsWith(": after '@' comes a kernel function name");
        assertThat(ScheduleStep.problem("ps@")).startsWith(": after '@'");
        for (String bad : new String[] {"", "*", "a**", "a b", "@f", "a*@f"}) {
            assertThat(ScheduleStep.problem(bad)).as(bad).startsWith(" must be ");
        }
        assertThatThrownBy(() -> ScheduleStep.parse("a b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b' must be");
    }
}
