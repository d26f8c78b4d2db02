package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleParamTest {

    @Test
    void runsOfOneThreadAreWrittenWithACount() {
        List<String> items = List.of("ps", "ps", "ps", "lmkd", "app/1", "app/1", "lmkd");
        assertThat(ScheduleParam.format(items)).isEqualTo("ps~3,lmkd,app/1~2,lmkd");
        assertThat(ScheduleParam.parse("ps~3,lmkd,app/1~2,lmkd")).isEqualTo(items);
    }

    @Test
    void scriptItemsPassThrough() {
        assertThat(ScheduleParam.parse("ps@mmput, lmkd*,app")).containsExactly("ps@mmput", "lmkd*", "app");
    }

    @Test
    void blankIsTheScenariosOwnSchedule() {
        assertThat(ScheduleParam.parse(null)).isNull();
        assertThat(ScheduleParam.parse(" , ")).isNull();
        assertThat(ScheduleParam.format(List.of())).isNull();
    }

    @Test
    void malformedItemsAreRefusedWithAMessage() {
        assertThatThrownBy(() -> ScheduleParam.parse("ps,<script>")).isInstanceOf(BadViewRequest.class)
                .hasMessageContaining("<script>");
        assertThatThrownBy(() -> ScheduleParam.parse("ps~0")).isInstanceOf(BadViewRequest.class);
        assertThatThrownBy(() -> ScheduleParam.parse("ps~999999,ps~999999")).isInstanceOf(BadViewRequest.class)
                .hasMessageContaining("more than");
    }
}
