package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small paste that used to make the parser report tens of thousands of problems far to the right of
 * one line: the reader stops after 1,000, and the API and the page's live check answer in bounded size
 * and time (the first {@code reaplab.limits.problems} problems, how many more, excerpts of bounded width).
 */
class AmplificationTest extends ApiTestSupport {

    /** One line of 20,000 YAML aliases (60 KB): each alias is a problem, at columns up to 60,000. */
    static String aliases() {
        return aliases(20_000);
    }

    static String aliases(int n) {
        StringBuilder b = new StringBuilder("a: &a 1\nb: [");
        for (int i = 0; i < n; i++) b.append("*a,");
        return b.append("*a]\n").toString();
    }

    @Test
    void theApiAnswersTheFirstProblemsAndHowManyMore() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/api/scenarios", "application/yaml", aliases());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        JsonNode p = problem(r, 422);
        assertThat(p.path("problems").size()).isEqualTo(50);
        // the reader stops after 1,000 problems (its work does not grow with them), the answer shows 50
        assertThat(p.path("problemsOmitted").asInt()).isEqualTo(951);
        assertThat(p.path("detail").asString()).contains("the first 50 are listed, and 951 more");
        assertThat(r.body().length()).isLessThan(20_000);
        assertThat(ms).as("answered in %d ms", ms).isLessThan(Duration.ofSeconds(20).toMillis());

        JsonNode v = body(post("/api/scenarios/validate", "application/yaml", aliases()));
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("problems").size()).isEqualTo(50);
        assertThat(v.path("problemsOmitted").asInt()).isEqualTo(951);
    }

    @Test
    void thePagesLiveCheckShowsBoundedExcerpts() {
        // 10,000 aliases: the form-encoded body stays under this test's 64 KB body limit
        String form = "source=" + URLEncoder.encode(aliases(10_000), StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/scenarios/check")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        // 50 problems on one line of 30 KB: the line is shown once, cut to its excerpt, carets at most that wide
        assertThat(r.body().length()).isLessThan(100_000);
        assertThat(r.body()).contains("problems; the first 50:", "1001 problems; the first 50:", "951 more problems, not shown", "…");
        for (String caret : r.body().split("class=\"caret\">")) {
            if (caret.startsWith("<")) continue;
            assertThat(caret.indexOf('^')).isLessThan(200);
        }
    }
}
