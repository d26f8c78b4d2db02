package org.reaplab.scenario.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reaplab.kernel.path.Paths;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every declared operation, written with every field set to a value other than its default, is read
 * back equal by the parser (from JSON and YAML), written back with every field, and matches what the
 * schema says of it; every declaration has a kernel path; the docs table is the declarations' table.
 */
class OperationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ScenarioParser parser = new ScenarioParser();
    private final ScenarioWriter writer = new ScenarioWriter();
    private final JsonNode defs = JSON.readTree(ScenarioSchema.text()).get("$defs");

    static Stream<Operations.Declaration> declarations() {
        return Operations.all().stream();
    }

    /** A value of the field other than its default that the parser accepts in {@link #scenario}. */
    private static Object sample(Operations.Declaration d, Operations.Field f) {
        switch (f.type()) {
            case PID: case PROCESS: return "app";
            case MM: return d.type() == Op.Exec.class ? "spare" : "m";
            case PIDFD: return "fd";
            case FD_NAME: return "fd2";
            case TASK_NAME: return "child";
            case SIG: return 0;
            case FLAGS: return f.values();
            case CHOICE: return f.values().get(f.values().size() - 1);
            case INT: return f.max();
            case BOOL: return !(Boolean) f.def();
            case MRELEASE_FLAGS: return f.values().get(0);
            default: throw new IllegalStateException(f.type().name());
        }
    }

    /** A scenario whose thread runs the operation, after what it needs (an fd, an adopted mm). */
    private static String scenario(Operations.Declaration d, Map<String, Object> args) {
        boolean kthread = d.type() == Op.KthreadUseMm.class || d.type() == Op.KthreadUnuseMm.class;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", 1);
        s.put("name", "op-" + d.name().replace('_', '-'));
        s.put("title", d.name());
        List<Object> mms = new ArrayList<>(List.of(Map.of("name", "m")));
        if (d.type() == Op.Exec.class) mms.add(Map.of("name", "spare"));
        s.put("mms", mms);
        s.put("processes", List.of(Map.of("name", "app", "uid", 0, "mm", "m"),
                Map.of("name", "kt", "uid", 0, "kthread", true)));
        List<Object> program = new ArrayList<>();
        if (kthread && d.type() == Op.KthreadUnuseMm.class) program.add(Map.of("kthread_use_mm", Map.of("mm", "m")));
        if (!kthread) program.add(Map.of("pidfd_open", Map.of("pid", "app", "as", "fd")));
        program.add(Map.of(d.name(), args));
        s.put("programs", Map.of(kthread ? "kt" : "app", program));
        return JSON.writeValueAsString(s);
    }

    @ParameterizedTest
    @MethodSource("declarations")
    void roundTripsWithEveryFieldAndAgreesWithTheSchema(Operations.Declaration d) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Operations.Field f : d.fields()) args.put(f.name(), sample(d, f));
        String text = scenario(d, args);
        ParseResult read = parser.parse(text, "op");
        assertThat(read.problems()).as(read.report()).isEmpty();
        Scenario s = read.scenario();
        List<Op> program = s.programs().values().iterator().next();
        Op op = program.get(program.size() - 1);
        assertThat(Operations.of(op)).isSameAs(d);
        assertThat(op.name()).isEqualTo(d.name());

        // the writer writes every field back, and what it writes reads back equal
        Object form = ScenarioWriter.op(op, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> written = d.fields().isEmpty() ? Map.of() : (Map<String, Object>) ((Map<String, Object>) form).get(d.name());
        if (d.fields().isEmpty()) assertThat(form).isEqualTo(d.name());
        assertThat(new ArrayList<>(written.keySet())).isEqualTo(d.fieldNames());
        assertThat(parser.parse(writer.toJson(s), "json").scenario()).isEqualTo(s);
        assertThat(parser.parse(writer.toYaml(s), "yaml").scenario()).isEqualTo(s);

        // the schema states the same fields, requirements and values
        JsonNode schema = defs.get("op_" + d.name());
        assertThat(new ArrayList<>(schema.get("properties").propertyNames())).isEqualTo(d.fieldNames());
        List<String> required = new ArrayList<>();
        if (schema.has("required")) schema.get("required").forEach(n -> required.add(n.asString()));
        assertThat(required).isEqualTo(d.fields().stream().filter(Operations.Field::required).map(Operations.Field::name).toList());
        for (Operations.Field f : d.fields()) {
            JsonNode p = schema.get("properties").get(f.name());
            JsonNode value = JSON.valueToTree(written.get(f.name()));
            assertThat(accepts(p, value)).as(d.name() + "." + f.name() + " = " + value + " under " + p).isTrue();
        }
        // the bare name is accepted exactly when nothing is required
        ParseResult bare = parser.parse(scenario(d, Map.of()).replace("{\"" + d.name() + "\":{}}", "\"" + d.name() + "\""), "bare");
        assertThat(bare.problems().isEmpty()).as(bare.report()).isEqualTo(d.bare());
    }

    /** What the generated property schemas use: a $ref, an enum, an integer range, a boolean, a list of an enum. */
    private boolean accepts(JsonNode p, JsonNode v) {
        if (p.has("$ref")) {
            JsonNode target = defs.get(p.get("$ref").asString().substring("#/$defs/".length()));
            if (target.has("pattern")) return v.isString() && v.asString().matches(target.get("pattern").asString().replace("^", "").replace("$", ""));
            if (target.has("enum")) return contains(target.get("enum"), v);
            return v.isString() || v.isNumber(); // pidfd: a name or -1
        }
        if (p.has("enum")) return contains(p.get("enum"), v);
        if (p.has("anyOf")) return v.isString() ? v.asString().equals(p.get("anyOf").get(1).get("const").asString()) : v.isNumber();
        String type = p.get("type").asString();
        switch (type) {
            case "integer": return v.isIntegralNumber() && v.asLong() >= p.get("minimum").asLong() && v.asLong() <= p.get("maximum").asLong();
            case "boolean": return v.isBoolean();
            case "array": {
                for (JsonNode item : v) if (!contains(p.get("items").get("enum"), item)) return false;
                return true;
            }
            default: return false;
        }
    }

    private static boolean contains(JsonNode values, JsonNode v) {
        for (JsonNode n : values) if (n.equals(v)) return true;
        return false;
    }

    @Test
    void everyOperationHasAKernelPathAndOnlyOomKillIsInternal() {
        for (Operations.Declaration d : Operations.all()) {
            if (d.type() != Op.KillAndReap.class) assertThat(Paths.started()).as(d.name()).contains(d.type());
        }
        assertThat(Op.class.getPermittedSubclasses()).hasSize(Operations.all().size() + 1);
        assertThat(Operations.all()).noneMatch(d -> d.type() == Op.OomKill.class);
    }

    @Test
    void theDocsTableIsTheDeclarationsTable() throws IOException {
        String docs = Files.readString(Path.of("docs/scenario-format.md"), StandardCharsets.UTF_8);
        assertThat(docs).contains(Operations.docsTable());
    }
}
