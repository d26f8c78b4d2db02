package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import org.apache.catalina.core.StandardContext;
import org.reaplab.web.streams.Streams;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams over real connections: the viewer's run stream (meta, step batches with their last index,
 * progress, done; resuming after Last-Event-ID), and clients that open a long stream and never read,
 * which must not stop anyone else's stream, must not cost a thread each, and are closed once stalled.
 */
class StreamsTest extends ApiTestSupport { // the 16 KB send buffers and the 10 s connection timeout: ApiTestSupport

    @Autowired
    Streams streams;
    @Autowired
    WebServerApplicationContext server;

    /** Asynchronous responses the container still counts as in progress (graceful shutdown waits for them). */
    long inProgress() {
        TomcatWebServer tomcat = (TomcatWebServer) server.getWebServer();
        return ((StandardContext) tomcat.getTomcat().getHost().findChildren()[0]).getInProgressAsyncCount();
    }

    HttpResponse<String> sse(String path, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        return send(b.build());
    }

    @Test
    void theViewerStreamSendsMetaStepBatchesWithTheirLastIndexAndDone() {
        HttpResponse<String> r = sse("/scenarios/proc-reader-race/stream?variant=baseline", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(r.body()).contains("event:meta", "\"lanes\":[{\"thread\":\"lmkd\"", "event:steps", "id:33",
                "event:progress", "event:done", "\"steps\":33");
        assertThat(r.body().indexOf("event:meta")).isLessThan(r.body().indexOf("event:steps"));
    }

    @Test
    void theViewerStreamResumesAfterLastEventId() {
        String body = sse("/scenarios/proc-reader-race/stream", "30").body();
        assertThat(body).contains("data:[{\"i\":31,").doesNotContain("{\"i\":30,").contains("id:33");
    }

    @Test
    void aStreamForAnUnknownScenarioSaysSoAndEnds() {
        String body = sse("/scenarios/nope/stream", null).body();
        assertThat(body).contains("event:problem", "nope", "event:done");
    }

    /** A run of some thousands of steps: ps reads the app's cmdline hundreds of times. */
    String longRun() {
        StringBuilder reads = new StringBuilder();
        for (int i = 0; i < 600; i++) reads.append("    - read_proc: { pid: app, file: cmdline }\n");
        String yaml = """
                version: 1
                name: long-stream
                title: A long run to stream
                mms:
                  - { name: app_mm, memory: { anon: 64 } }
                processes:
                  - { name: app, uid: 10123, mm: app_mm }
                  - { name: ps, uid: 0 }
                programs:
                  ps:
                """ + reads + """
                schedule: { policy: round_robin }
                """;
        String id = upload("application/yaml", yaml);
        HttpResponse<String> run = post("/api/runs", "application/json", "{\"scenarioId\": \"" + id + "\", \"maxSteps\": 5000}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        assertThat(body(run).path("outcome").path("steps").asInt()).isGreaterThan(2000);
        return body(run).path("runId").asString();
    }

    /** Asks for a stream and never reads it (a tiny receive window, so the server's writes stall at once). */
    Socket nonReader(String path, String accept) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(2048);
        s.connect(new InetSocketAddress("localhost", port));
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    @Test
    void clientsThatDoNotReadStopNobodyElseCostNoThreadAndAreClosed() throws Exception {
        String runId = longRun();
        String events = "/api/runs/" + runId + "/events";
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) stalled.add(nonReader(events, i % 2 == 0 ? "application/x-ndjson" : "text/event-stream"));
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.open() >= 6);

            // everyone else's streams still run to their end (the stalled ones are closed only after 8 s here)
            HttpResponse<String> all = get(events, "application/x-ndjson");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.body().lines().count()).isGreaterThan(2000);
            assertThat(sse("/scenarios/proc-reader-race/stream?variant=reap_kill_v2", null).body()).contains("event:done");
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).as("no thread per stalled stream")
                    .isLessThan(threadsBefore + 6);

            // a client holds at most reaplab.streams.per-client streams (8 here)
            stalled.add(nonReader(events, "application/x-ndjson"));
            stalled.add(nonReader(events, "application/x-ndjson"));
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.open() >= 8);
            HttpResponse<String> refused = get(events, "application/x-ndjson");
            problem(refused, 429);
            assertThat(refused.body()).contains("reaplab.streams.per-client");

            // stalled past reaplab.streams.stall-timeout: closed, and their slots are free again
            await().atMost(Duration.ofSeconds(40)).until(() -> streams.open() == 0);
            assertThat(get(events, "application/json").statusCode()).isEqualTo(200);
            // once their clients go away (or the container's connection-timeout drops them: about 20 s here), none
            // stays "in progress": before, a stream completed while its write was stalled was counted until the
            // server stopped, and graceful shutdown waited out its whole phase for it
            for (Socket s : stalled) s.close();
            await().atMost(Duration.ofSeconds(40)).until(() -> inProgress() == 0);
        } finally {
            for (Socket s : stalled) s.close();
        }
    }
}
