package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace export, parsed back: tracks, slices, counters, flows and instants. */
class PerfettoTraceApiTest extends ApiTestSupport {

    JsonNode trace(String variant) {
        String scenario = upload("application/yaml", YAML);
        HttpResponse<String> r = post("/api/runs", "application/json",
                "{\"scenarioId\": \"" + scenario + "\", \"variant\": \"" + variant + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String runId = body(r).path("runId").asString();
        HttpResponse<String> t = get("/api/runs/" + runId + "/trace", null);
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(t.headers().firstValue("Content-Disposition")).get().asString().contains("reaplab-proc-reader-race-" + variant);
        return body(t);
    }

    static List<JsonNode> ofPhase(JsonNode trace, String ph) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : trace.path("traceEvents")) if (ph.equals(e.path("ph").asString())) out.add(e);
        return out;
    }

    @Test
    void threadTracksGroupedByProcessWithASlicePerKernelFunction() {
        JsonNode trace = trace("baseline");
        assertThat(trace.path("displayTimeUnit").asString()).isEqualTo("ms");
        Map<Integer, String> processes = new HashMap<>();
        Map<Integer, String> threads = new HashMap<>();
        Map<Integer, Integer> pidOfTid = new HashMap<>();
        for (JsonNode m : ofPhase(trace, "M")) {
            if (m.path("name").asString().equals("process_name")) processes.put(m.path("pid").asInt(), m.path("args").path("name").asString());
            if (m.path("name").asString().equals("thread_name")) {
                threads.put(m.path("tid").asInt(), m.path("args").path("name").asString());
                pidOfTid.put(m.path("tid").asInt(), m.path("pid").asInt());
            }
        }
        assertThat(threads.values()).contains("lmkd", "app", "app/1", "ps");
        assertThat(processes.values()).contains("lmkd", "app", "ps", "mm app_mm");
        int appTid = key(threads, "app");
        int app1Tid = key(threads, "app/1");
        assertThat(pidOfTid.get(appTid)).isEqualTo(pidOfTid.get(app1Tid));
        assertThat(processes.get(pidOfTid.get(appTid))).isEqualTo("app");

        List<JsonNode> slices = ofPhase(trace, "X");
        assertThat(slices).isNotEmpty();
        Set<String> functions = new HashSet<>();
        long covered = 0;
        for (JsonNode s : slices) {
            assertThat(threads).containsKey(s.path("tid").asInt());
            assertThat(s.path("dur").asLong()).isPositive();
            assertThat(s.path("args").path("steps").size()).isEqualTo(s.path("dur").asInt());
            functions.add(s.path("name").asString());
            covered += s.path("dur").asLong();
        }
        assertThat(functions).contains("process_mrelease", "exit_mm", "get_signal");
        int steps = trace.path("otherData").path("steps").asInt();
        assertThat(covered).isEqualTo(steps); // every step is in exactly one slice
    }

    @Test
    void countersForMmUsersMmCountAndResidentPages() {
        JsonNode trace = trace("reap_kill_v2");
        List<JsonNode> counters = ofPhase(trace, "C");
        Map<String, List<Long>> series = new HashMap<>();
        for (JsonNode c : counters) {
            assertThat(c.path("pid").asInt()).isGreaterThanOrEqualTo(org.reaplab.export.PerfettoTrace.MM_PID_BASE);
            series.computeIfAbsent(c.path("name").asString(), k -> new ArrayList<>()).add(c.path("args").path("value").asLong());
        }
        assertThat(series).containsKeys("mm_users", "mm_count", "resident");
        assertThat(series.get("resident").get(0)).isEqualTo(65536L + 1024L);
        // v2 reaps: the resident pages fall
        List<Long> resident = series.get("resident");
        assertThat(resident.get(resident.size() - 1)).isLessThan(resident.get(0));
        assertThat(series.get("mm_users").size()).isGreaterThan(1);
    }

    @Test
    void flowsFromEachSigkillToDeliveryAndExit() {
        JsonNode trace = trace("baseline");
        Map<Long, List<JsonNode>> flows = new HashMap<>();
        for (JsonNode e : trace.path("traceEvents")) {
            String ph = e.path("ph").asString();
            if (ph.equals("s") || ph.equals("t") || ph.equals("f")) flows.computeIfAbsent(e.path("id").asLong(), k -> new ArrayList<>()).add(e);
        }
        assertThat(flows).isNotEmpty();
        List<JsonNode> slices = ofPhase(trace, "X");
        for (List<JsonNode> flow : flows.values()) {
            assertThat(flow.get(0).path("ph").asString()).isEqualTo("s");
            JsonNode end = flow.get(flow.size() - 1);
            assertThat(end.path("ph").asString()).isEqualTo("f");
            assertThat(end.path("bp").asString()).isEqualTo("e");
            for (JsonNode point : flow) assertThat(point.path("cat").asString()).isEqualTo("signal");
            // each point lies inside a slice of its thread: the send, get_signal, exit_mm
            assertThat(enclosing(slices, flow.get(0)).path("name").asString()).isNotBlank();
            if (flow.size() == 3) assertThat(enclosing(slices, flow.get(1)).path("name").asString()).isEqualTo("get_signal");
            assertThat(enclosing(slices, end).path("name").asString()).isIn("exit_mm", "get_signal");
        }
        // both threads of app get an arrow from the kill
        Set<Integer> victims = new HashSet<>();
        for (List<JsonNode> flow : flows.values()) victims.add(flow.get(flow.size() - 1).path("tid").asInt());
        assertThat(victims).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void instantsForSyscallReturnsAndViolations() {
        JsonNode trace = trace("baseline");
        List<String> names = new ArrayList<>();
        for (JsonNode i : ofPhase(trace, "i")) names.add(i.path("name").asString());
        assertThat(names).anyMatch(n -> n.matches("process_mrelease = (0|-E[A-Z]+)"));
        assertThat(names).anyMatch(n -> n.startsWith("pidfd_open = "));
        for (JsonNode i : ofPhase(trace, "i")) {
            if (i.path("cat").asString().equals("violation")) {
                assertThat(i.path("s").asString()).isEqualTo("g");
                assertThat(i.path("args").path("invariant").asString()).isNotBlank();
            }
        }
    }

    private static JsonNode enclosing(List<JsonNode> slices, JsonNode point) {
        double ts = point.path("ts").asDouble();
        for (JsonNode s : slices) {
            if (s.path("tid").asInt() != point.path("tid").asInt()) continue;
            double start = s.path("ts").asDouble();
            if (start <= ts && ts < start + s.path("dur").asDouble()) return s;
        }
        throw new AssertionError("no slice encloses " + point);
    }

    private static int key(Map<Integer, String> map, String value) {
        for (Map.Entry<Integer, String> e : map.entrySet()) if (e.getValue().equals(value)) return e.getKey();
        throw new AssertionError("no " + value + " in " + map);
    }
}
