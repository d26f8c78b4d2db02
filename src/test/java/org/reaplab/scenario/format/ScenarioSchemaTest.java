package org.reaplab.scenario.format;

import org.junit.jupiter.api.Test;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;
import org.reaplab.design.Presets;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Vma;
import org.reaplab.variant.Variant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema says what the parser accepts: same fields, same operations, same names. */
class ScenarioSchemaTest {

    private final JsonNode schema = JsonMapper.builder().build().readTree(ScenarioSchema.text());

    private JsonNode def(String name) {
        JsonNode d = schema.get("$defs").get(name);
        assertThat(d).as("$defs/" + name).isNotNull();
        return d;
    }

    private static List<String> keys(JsonNode objectSchema) {
        return new ArrayList<>(objectSchema.get("properties").propertyNames());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asString());
        return out;
    }

    @Test
    void isADraft202012SchemaReadFromTheClasspathOnce() {
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(ScenarioSchema.text()).isSameAs(ScenarioSchema.text());
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(strings(schema.get("required"))).containsExactly("version", "name", "title", "processes");
    }

    @Test
    void hasTheParsersFieldsEverywhere() {
        assertThat(keys(schema)).isEqualTo(ScenarioParser.TOP_LEVEL_FIELDS);
        assertThat(keys(def("namespace"))).isEqualTo(ScenarioParser.NAMESPACE_FIELDS);
        assertThat(keys(def("mm"))).isEqualTo(ScenarioParser.MM_FIELDS);
        assertThat(keys(def("memory"))).isEqualTo(ScenarioParser.MEMORY_FIELDS);
        assertThat(keys(def("process"))).isEqualTo(ScenarioParser.PROCESS_FIELDS);
        assertThat(keys(def("schedule"))).isEqualTo(ScenarioParser.SCHEDULE_FIELDS);
        assertThat(keys(def("expectation"))).isEqualTo(ScenarioParser.EXPECT_FIELDS);
        assertThat(keys(def("variantOptions"))).isEqualTo(ScenarioParser.VARIANT_OPTIONS_FIELDS);
        assertThat(keys(def("variantOptions").get("properties").get("reap_kill_all_checked")))
                .isEqualTo(ScenarioParser.REAP_KILL_ALL_CHECKED_FIELDS);
        assertThat(keys(def("variantOptions").get("properties").get("pidfd_mm_group"))).isEqualTo(ScenarioParser.PIDFD_MM_GROUP_FIELDS);
        assertThat(keys(def("lsmRule"))).isEqualTo(ScenarioParser.LSM_FIELDS);
        for (JsonNode d : schema.get("$defs")) {
            if (d.has("properties")) assertThat(d.get("additionalProperties").asBoolean()).isFalse();
        }
    }

    @Test
    void hasEveryOperationWithItsArguments() {
        List<String> ops = new ArrayList<>();
        for (JsonNode alt : def("op").get("oneOf")) {
            if (alt.has("properties")) ops.addAll(alt.get("properties").propertyNames());
        }
        assertThat(ops).isEqualTo(new ArrayList<>(ScenarioParser.OP_FIELDS.keySet()));
        for (Map.Entry<String, List<String>> op : ScenarioParser.OP_FIELDS.entrySet()) {
            assertThat(keys(def("op_" + op.getKey()))).as(op.getKey()).isEqualTo(op.getValue());
            assertThat(def("op_" + op.getKey()).get("description").asString()).isNotBlank();
        }
        // the bare form is allowed exactly for the operations that require nothing
        List<String> bare = strings(def("op").get("oneOf").get(0).get("enum"));
        for (String op : ScenarioParser.OP_FIELDS.keySet()) {
            assertThat(bare.contains(op)).as(op).isEqualTo(!def("op_" + op).has("required"));
        }
        assertThat(bare).containsExactly("exit", "coredump", "kthread_unuse_mm", "io_wait", "touch", "setpgid");
    }

    @Test
    void enumsMatchTheEngine() {
        assertThat(strings(schema.get("properties").get("variant").get("anyOf").get(0).get("enum"))).isEqualTo(Variant.ids());
        assertThat(strings(schema.get("properties").get("expect").get("propertyNames").get("anyOf").get(0).get("enum"))).isEqualTo(Variant.ids());
        // a design: the preset base, then every knob with exactly its values
        JsonNode knobs = def("design").get("oneOf").get(1).get("properties");
        List<String> expected = new ArrayList<>(List.of("preset"));
        expected.addAll(Knobs.ids());
        assertThat(new ArrayList<>(knobs.propertyNames())).isEqualTo(expected);
        assertThat(strings(knobs.get("preset").get("enum"))).isEqualTo(Presets.ids());
        for (Knob<?> k : Knobs.all()) assertThat(strings(knobs.get(k.id()).get("enum"))).as(k.id()).isEqualTo(k.valueIds());
        assertThat(strings(def("expectation").get("properties").get("violations").get("items").get("enum")))
                .isEqualTo(Arrays.stream(Invariant.values()).map(i -> i.id).toList());
        List<String> mmFlags = strings(def("mm").get("properties").get("flags").get("items").get("enum"));
        assertThat(mmFlags).isEqualTo(ScenarioParser.MM_FLAGS);
        assertThat(mmFlags).allSatisfy(f -> assertThat(Mm.flagByName(f)).as(f).isNotZero());
        assertThat(strings(def("mm").get("properties").get("mmuNotifierRefuses").get("items").get("enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Vma.Kind.values()).map(k -> k.key).toList());
        assertThat(strings(def("errno").get("enum"))).isEqualTo(ScenarioParser.errnoNames());
        assertThat(strings(def("process").get("properties").get("caps").get("items").get("enum"))).isEqualTo(ScenarioParser.CAPS);
        assertThat(strings(def("schedule").get("properties").get("policy").get("enum"))).isEqualTo(ScenarioParser.POLICIES);
        assertThat(strings(def("schedule").get("properties").get("then").get("enum"))).isEqualTo(ScenarioParser.THEN_POLICIES);
        assertThat(strings(def("op_clone").get("properties").get("flags").get("items").get("enum"))).isEqualTo(ScenarioParser.CLONE_FLAGS);
        assertThat(strings(def("op_pidfd_open").get("properties").get("flags").get("items").get("enum")))
                .isEqualTo(ScenarioParser.PIDFD_OPEN_FLAGS);
        assertThat(strings(def("op_pidfd_send_signal").get("properties").get("flags").get("items").get("enum")))
                .isEqualTo(ScenarioParser.PIDFD_SIGNAL_FLAGS);
        assertThat(def("memory").get("properties").get("anon").get("maximum").asLong()).isEqualTo(ScenarioParser.MAX_PAGES);
        assertThat(schema.get("properties").get("processes").get("maxItems").asInt()).isEqualTo(ScenarioParser.MAX_PROCESSES);
        assertThat(def("program").get("maxItems").asInt()).isEqualTo(ScenarioParser.MAX_OPS);
        assertThat(def("schedule").get("properties").get("steps").get("maxItems").asInt()).isEqualTo(ScenarioParser.MAX_STEPS);
    }
}
