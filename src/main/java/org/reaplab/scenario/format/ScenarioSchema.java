package org.reaplab.scenario.format;

import org.reaplab.design.Choice;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;
import org.reaplab.design.Presets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of the scenario format, served at {@code GET /api/schema/scenario}
 * and {@code /schema/scenario.schema.json}. The hand-written part ({@link #RESOURCE}) states the setup,
 * schedule and expectations; the operations ({@code $defs/op} and {@code $defs/op_NAME}) are generated
 * from their declarations in {@link Operations}, so schema, parser and writer cannot disagree on them.
 */
public final class ScenarioSchema {

    public static final String RESOURCE = "/org/reaplab/scenario/format/scenario.schema.json";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static volatile String text;

    private ScenarioSchema() {}

    /** The schema document, built once. */
    public static String text() {
        String t = text;
        if (t == null) {
            t = JSON.writeValueAsString(build());
            text = t;
        }
        return t;
    }

    private static ObjectNode build() {
        ObjectNode root;
        try (InputStream in = ScenarioSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
            root = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        // the operations go just before "program", which lists them
        ObjectNode defs = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : root.get("$defs").properties()) {
            if (e.getKey().equals("program")) operations(defs);
            defs.set(e.getKey(), e.getValue());
        }
        root.set("$defs", defs);
        designs(root);
        return root;
    }

    /**
     * The preset ids (variant, expect's keys, a design's base) and the knobs with their values and docs
     * (a design object), from their declarations in design/Presets and design/Knobs.
     */
    static void designs(ObjectNode root) {
        ObjectNode properties = (ObjectNode) root.get("properties");
        presets((ObjectNode) properties.get("variant").get("anyOf").get(0));
        presets((ObjectNode) properties.get("expect").get("propertyNames").get("anyOf").get(0));
        ObjectNode design = (ObjectNode) root.get("$defs").get("design").get("oneOf").get(1);
        ObjectNode knobs = JSON.createObjectNode();
        ObjectNode preset = (ObjectNode) design.get("properties").get("preset");
        presets(preset);
        knobs.set("preset", preset);
        for (Knob<?> k : Knobs.all()) {
            ObjectNode knob = knobs.putObject(k.id());
            StringBuilder doc = new StringBuilder(k.doc()).append(": ");
            for (int i = 0; i < k.values().size(); i++) {
                Choice c = k.values().get(i);
                doc.append(i == 0 ? "" : "; ").append(c.id()).append(": ").append(c.doc());
            }
            knob.put("description", doc.append('.').toString());
            ArrayNode values = knob.putArray("enum");
            k.valueIds().forEach(values::add);
        }
        design.set("properties", knobs);
    }

    private static void presets(ObjectNode withEnum) {
        ArrayNode ids = withEnum.putArray("enum");
        Presets.ids().forEach(ids::add);
    }

    /** $defs/op (one of the bare names or a one-key object) and one $defs/op_NAME per declared operation. */
    static void operations(ObjectNode defs) {
        ObjectNode op = defs.putObject("op");
        op.put("description", "One operation: a single-key object {op_name: {args}}, or the bare op name when no argument is "
                + "required. oom_kill_process is internal and has no file syntax.");
        ArrayNode oneOf = op.putArray("oneOf");
        ObjectNode bare = oneOf.addObject();
        bare.put("description", "An operation with no required arguments written as its bare name (\"- touch\").");
        ArrayNode bareNames = bare.putArray("enum");
        for (Operations.Declaration d : Operations.all()) {
            if (d.bare()) bareNames.add(d.name());
            ObjectNode alt = oneOf.addObject();
            alt.put("type", "object");
            alt.putObject("properties").putObject(d.name()).put("$ref", "#/$defs/op_" + d.name());
            alt.putArray("required").add(d.name());
            alt.put("additionalProperties", false);
        }
        for (Operations.Declaration d : Operations.all()) {
            ObjectNode o = defs.putObject("op_" + d.name());
            o.put("description", d.description());
            if (d.bare()) o.putArray("type").add("object").add("null");
            else o.put("type", "object");
            ObjectNode properties = o.putObject("properties");
            for (Operations.Field f : d.fields()) field(properties.putObject(f.name()), f);
            if (!d.bare()) {
                ArrayNode required = o.putArray("required");
                for (Operations.Field f : d.fields()) if (f.required()) required.add(f.name());
            }
            o.put("additionalProperties", false);
        }
    }

    private static void field(ObjectNode s, Operations.Field f) {
        if (f.description() != null) s.put("description", f.description());
        switch (f.type()) {
            case PID: s.put("$ref", "#/$defs/pid"); break;
            case PROCESS: case MM: case TASK_NAME: s.put("$ref", "#/$defs/name"); break;
            case PIDFD: s.put("$ref", "#/$defs/pidfd"); break;
            case FD_NAME: s.put("$ref", "#/$defs/fdName"); break;
            case SIG: s.put("$ref", "#/$defs/sig"); break;
            case FLAGS: {
                s.put("type", "array");
                ArrayNode values = s.putObject("items").putArray("enum");
                f.values().forEach(values::add);
                s.put("uniqueItems", true);
                s.putArray("default");
                break;
            }
            case CHOICE: {
                ArrayNode values = s.putArray("enum");
                f.values().forEach(values::add);
                if (f.def() != null) s.put("default", (String) f.def());
                break;
            }
            case INT:
                s.put("type", "integer");
                s.put("minimum", f.min());
                s.put("maximum", f.max());
                if (f.def() != null) s.put("default", ((Number) f.def()).longValue());
                break;
            case BOOL:
                s.put("type", "boolean");
                s.put("default", (Boolean) f.def());
                break;
            case MRELEASE_FLAGS: {
                s.put("default", 0);
                ArrayNode anyOf = s.putArray("anyOf");
                anyOf.addObject().put("type", "integer").put("minimum", f.min()).put("maximum", f.max());
                anyOf.addObject().put("const", f.values().get(0));
                anyOf.addObject().put("type", "array").putObject("items").put("const", f.values().get(0));
                break;
            }
            default:
                throw new IllegalStateException(f.type().name());
        }
    }
}
