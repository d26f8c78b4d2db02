package org.reaplab.scenario;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * STAND-IN until branch scenario-parser lands (same signatures): a small parser good enough for the
 * REST API's tests. Replaced wholesale by the real one on merge.
 */
public final class ScenarioParser {
    public static final int MAX_PROCESSES = 64;
    public static final int MAX_THREADS = 256;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ScenarioParser() {}

    public static ParseResult parse(String text, String source) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            problems.add(new Problem(source, loc == null ? 1 : Math.max(1, loc.getLineNr()),
                    loc == null ? 1 : Math.max(1, loc.getColumnNr()), "", "not valid YAML or JSON: " + e.getOriginalMessage()));
            return new ParseResult(null, problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(new Problem(source, 1, 1, "", "a scenario is a mapping (object)"));
            return new ParseResult(null, problems);
        }
        String name = root.path("name").asString(null);
        if (name == null || !name.matches("[a-z0-9-]{1,64}")) {
            problems.add(new Problem(source, 1, 1, "/name", "name must match [a-z0-9-]{1,64}"));
        }
        if (root.path("version").asInt(0) != 1) problems.add(new Problem(source, 1, 1, "/version", "version must be 1"));
        List<MmSpec> mms = new ArrayList<>();
        for (JsonNode m : root.path("mms")) {
            JsonNode mem = m.path("memory");
            mms.add(new MmSpec(m.path("name").asString(), new Memory(mem.path("anon").asLong(0), mem.path("file").asLong(0),
                    mem.path("shmem").asLong(0), mem.path("mlocked").asLong(0), mem.path("hugetlb").asLong(0), 0, 0, 0, 0),
                    List.of(), List.of()));
        }
        List<ProcessSpec> processes = new ArrayList<>();
        int threads = 0;
        for (JsonNode p : root.path("processes")) {
            List<String> caps = new ArrayList<>();
            for (JsonNode c : p.path("caps")) caps.add(c.asString());
            int n = p.path("threads").asInt(1);
            threads += n;
            processes.add(new ProcessSpec(p.path("name").asString(), p.path("uid").asInt(0), null, null, caps,
                    p.path("mm").asString(null), n, p.path("vfork").asBoolean(false), p.path("parent").asString(null),
                    p.path("ns").asString(null), p.path("init").asBoolean(false), false, false));
        }
        if (processes.size() > MAX_PROCESSES) {
            problems.add(new Problem(source, 1, 1, "/processes", "at most " + MAX_PROCESSES + " processes"));
        }
        if (threads > MAX_THREADS) problems.add(new Problem(source, 1, 1, "/processes", "at most " + MAX_THREADS + " threads"));
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("programs").properties()) {
            List<Op> ops = new ArrayList<>();
            int i = 0;
            for (JsonNode opNode : e.getValue()) {
                Map.Entry<String, JsonNode> op = opNode.properties().iterator().next();
                JsonNode a = op.getValue();
                String ptr = "/programs/" + e.getKey() + "/" + i++;
                switch (op.getKey()) {
                    case "pidfd_open" -> ops.add(new Op.PidfdOpen(a.path("pid").asString(), a.path("as").asString(), List.of()));
                    case "kill_and_reap" -> ops.add(new Op.KillAndReap(a.path("pidfd").asString()));
                    case "process_mrelease" -> ops.add(new Op.ProcessMrelease(a.path("pidfd").asString(), a.path("flags").asLong(0)));
                    case "pidfd_send_signal" -> ops.add(new Op.PidfdSendSignal(a.path("pidfd").asString(),
                            a.path("sig").asString("SIGKILL"), List.of()));
                    case "read_proc" -> ops.add(new Op.ReadProc(a.path("pid").asString(), a.path("file").asString("cmdline"), 2));
                    case "kill" -> ops.add(new Op.Kill(a.path("pid").asString(), a.path("sig").asString("SIGKILL")));
                    default -> problems.add(new Problem(source, 1, 1, ptr, "unknown operation " + op.getKey()));
                }
            }
            programs.put(e.getKey(), ops);
        }
        ScheduleSpec schedule = null;
        JsonNode s = root.path("schedule");
        if (s.isObject()) {
            List<String> steps = new ArrayList<>();
            for (JsonNode st : s.path("steps")) steps.add(st.asString());
            schedule = new ScheduleSpec(s.path("policy").asString("round_robin"), steps,
                    s.has("seed") ? s.path("seed").asLong() : null, s.path("then").asString(null));
        }
        Map<String, Expectation> expect = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("expect").properties()) {
            JsonNode x = e.getValue();
            Map<String, String> calls = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> c : x.path("calls").properties()) calls.put(c.getKey(), c.getValue().asString());
            Map<String, Boolean> reaped = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> c : x.path("reaped").properties()) reaped.put(c.getKey(), c.getValue().asBoolean());
            LinkedHashSet<String> killed = null;
            if (x.has("killed")) {
                killed = new LinkedHashSet<>();
                for (JsonNode k : x.path("killed")) killed.add(k.asString());
            }
            List<String> violations = new ArrayList<>();
            for (JsonNode v : x.path("violations")) violations.add(v.asString());
            expect.put(e.getKey(), new Expectation(calls, reaped, killed, violations));
        }
        if (!problems.isEmpty()) return new ParseResult(null, problems);
        return new ParseResult(new Scenario(1, name, root.path("title").asString(name), root.path("description").asString(""),
                root.path("variant").asString(null), List.of(), mms, processes, programs, schedule, expect, null, List.of()),
                problems);
    }
}
