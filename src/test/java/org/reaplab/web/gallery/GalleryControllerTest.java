package org.reaplab.web.gallery;

import org.junit.jupiter.api.Test;
import org.reaplab.web.WebTest;
import org.reaplab.web.WebTestScenarios;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebTest
class GalleryControllerTest {

    static final String BAD = """
            version: 1
            name: Bad_Name
            title: broken
            mms:
              - name: app_mm
                memory: { anon: 10 }
            processes:
              - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
              - { name: app, mm: app_mm }
            """;

    @Autowired
    MockMvc mvc;

    @Test
    void galleryShowsEveryScenarioAsACardWithWhatItTellsApart() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("href=\"/scenarios/proc-reader-race\""),
                        containsString("LMKD loses the race to exit_mm while ps reads /proc/&lt;pid&gt;/cmdline"),
                        containsString("<strong class=\"ret err\">-ESRCH</strong>"),
                        containsString("not reaped · ⚠ memory-pinned-after-reap-call"),
                        containsString("<strong class=\"ret ok\">0</strong>"),
                        containsString("baseline, pidfd_mm_group"),
                        containsString("id=\"upload\""))));
    }

    /** Cards are rendered once each and put together: each is one whole list item, its link closed inside it. */
    @Test
    void eachCardIsOneWholeItemOfTheList() throws Exception {
        for (int round = 0; round < 2; round++) { // made, then from the cache
            String page = mvc.perform(get("/")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            String list = page.substring(page.indexOf("<ol class=\"cards\">"), page.indexOf("</ol>", page.indexOf("<ol class=\"cards\">")));
            int cards = list.split("<a class=\"card\"", -1).length - 1;
            assertThat(cards).isEqualTo(GalleryController.PAGE);
            assertThat(list.split("</a>", -1).length - 1).isEqualTo(cards);
            assertThat(list.split("<li>", -1).length - 1).isEqualTo(cards);
            assertThat(list.split("<li", -1).length - 1).isEqualTo(list.split("</li>", -1).length - 1);
        }
    }

    @Test
    void markupInTitlesIsText() throws Exception {
        mvc.perform(get("/").param("q", "pwned"))
                .andExpect(content().string(allOf(
                        containsString("&lt;script&gt;window.__pwned = 1&lt;/script&gt;"),
                        not(containsString("<script>window.__pwned")),
                        not(containsString("<img src=x")))));
    }

    @Test
    void searchAnswersHtmxWithTheCardsOnly() throws Exception {
        mvc.perform(get("/").param("q", "three threads").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("id=\"cards\""), containsString("fanout-threads"),
                        not(containsString("proc-reader-race")), not(containsString("<html")))));
        mvc.perform(get("/").param("q", "zzz-nothing").header("HX-Request", "true"))
                .andExpect(content().string(containsString("No scenario matches")));
    }

    @Test
    void aHistoryRestoreGetsTheWholePage() throws Exception {
        mvc.perform(get("/").param("q", "three threads").header("HX-Request", "true").header("HX-History-Restore-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("fanout-threads"))));
    }

    @Test
    void checkPointsAtTheLineAndFieldOfEachProblem() throws Exception {
        mvc.perform(post("/scenarios/check").param("source", BAD).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("problems:"),
                        containsString("data-line=\"2\""),
                        containsString("line 2, column 7"),
                        containsString("<span class=\"ptr\">/name</span>"),
                        containsString("<span class=\"src\">name: Bad_Name</span>"),
                        containsString("/processes/1"),
                        not(containsString("<html")))));
    }

    @Test
    void checkOfAValidScenarioSaysWhatItIs() throws Exception {
        mvc.perform(post("/scenarios/check").param("source", WebTestScenarios.text("fanout-threads")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("✓ Valid"), containsString("One kill, three threads"),
                        containsString("data-ok=\"true\""))));
    }

    @Test
    void checkNeverCrashesOnGarbage() throws Exception {
        for (String junk : new String[] {"", "{", "- - -\n  :", "version: [1", "\u0000\u0001", "x".repeat(2_000_000), "<script>alert(1)</script>"}) {
            mvc.perform(post("/scenarios/check").param("source", junk))
                    .andExpect(status().isOk())
                    .andExpect(content().string(not(containsString("<script>alert(1)</script>"))));
        }
        mvc.perform(post("/scenarios/check").param("source", "x".repeat(2_000_000)))
                .andExpect(content().string(containsString("the limit is")));
    }

    @Test
    void aBadUploadShowsTheErrorInlineAndKeepsTheText() throws Exception {
        mvc.perform(post("/scenarios").param("source", BAD))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(allOf(
                        containsString("<html"), containsString("line 2, column 7"), containsString("- { name: app, mm: app_mm }\n</textarea>"))));
    }

    @Test
    void aGoodPasteIsStoredAndOpensInTheViewer() throws Exception {
        String text = WebTestScenarios.text("fanout-threads").replace("name: fanout-threads", "name: pasted-fanout");
        MvcResult r = mvc.perform(post("/scenarios").param("source", text))
                .andExpect(status().is3xxRedirection()).andReturn();
        String location = r.getResponse().getRedirectedUrl();
        assertThat(location).matches("/scenarios/[0-9a-f]{12,}");
        mvc.perform(get(location)).andExpect(status().isOk()).andExpect(content().string(containsString("One kill, three threads")));
    }

    @Test
    void anUploadedFileIsCheckedTheSameWay() throws Exception {
        mvc.perform(multipart("/scenarios").file(new MockMultipartFile("file", "bad.yaml", "text/yaml", BAD.getBytes())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(allOf(containsString("line 2, column 7"), containsString("/name"))));
        MvcResult ok = mvc.perform(multipart("/scenarios").file(new MockMultipartFile("file", "good.yaml", "text/yaml",
                        WebTestScenarios.text("fanout-threads").replace("name: fanout-threads", "name: uploaded-fanout").getBytes())))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(ok.getResponse().getRedirectedUrl()).matches("/scenarios/[0-9a-f]{12,}");
    }
}
