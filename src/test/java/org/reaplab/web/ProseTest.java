package org.reaplab.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProseTest {

    @Test
    void backticksBecomeCodeSegmentsAndMarkupStaysText() {
        assertThat(Prose.segments("`ps` reads <b>x</b> `mm`"))
                .containsExactly(new Prose.Segment("ps", true), new Prose.Segment(" reads <b>x</b> ", false), new Prose.Segment("mm", true));
        assertThat(Prose.segments("an odd ` backtick")).extracting(Prose.Segment::code).containsOnly(false);
    }

    @Test
    void paragraphsJoinTheirLines() {
        List<List<Prose.Segment>> ps = Prose.paragraphs("one\ntwo\n\nthree");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0)).containsExactly(new Prose.Segment("one two", false));
    }

    @Test
    void summaryIsTheFirstParagraphCutAtAWord() {
        List<Prose.Segment> s = Prose.summary("The bug report behind `PROCESS_MRELEASE_REAP_KILL`. `ps` is inside\n`proc_pid_cmdline_read`: more words here.\n\nSecond.", null, 60);
        String text = String.join("", s.stream().map(Prose.Segment::text).toList());
        assertThat(text).startsWith("The bug report behind PROCESS_MRELEASE_REAP_KILL.").endsWith("…").doesNotContain("Second");
        assertThat(Prose.summary(null, "fallback", 60)).containsExactly(new Prose.Segment("fallback", false));
    }
}
