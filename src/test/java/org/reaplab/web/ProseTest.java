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

    /**
     * An uploaded description is up to the body limit long. A long run of spaces made the citation pattern
     * quadratic (32,000 spaces: 8 s for one card, 256 KB: minutes of a request thread); each match now starts
     * where a run of spaces starts. The bound is generous: it tells linear from quadratic, it does not time the code.
     */
    @Test
    void aDescriptionOfLongSpaceRunsIsReadInLinearTime() {
        String description = "start" + " ".repeat(120_000) + "(kernel-model.md S2)" + " \n ".repeat(40_000) + "end";
        long t0 = System.nanoTime();
        List<List<Prose.Segment>> ps = Prose.paragraphs(description);
        List<Prose.Segment> summary = Prose.summary(description, null, 170);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("read in %d ms", ms).isLessThan(20_000);
        String all = String.join("", ps.stream().flatMap(List::stream).map(Prose.Segment::text).toList());
        assertThat(all.startsWith("Start") && all.endsWith("end")).as("the text is kept from start to end").isTrue();
        assertThat(all.contains("kernel-model")).as("the citation is gone").isFalse();
        assertThat(summary).isNotEmpty();
    }

    @Test
    void citationsGoWhereverTheyStand() {
        assertThat(Prose.withoutCitations("kernel-model.md S2: the reader wins (kernel-model.md S1). Then, kernel-model.md 0.3 item 6 and (inferred, kernel-model.md 0.3 item 6) done"))
                .isEqualTo("The reader wins. Then and done");
    }
}
