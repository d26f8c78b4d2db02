package org.reaplab.web.api;

import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.Knobs;
import org.reaplab.design.Presets;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.viewer.ViewDesign;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The design a run or exploration request names, in {@code variant} (a string) or {@code design} (a
 * string or an object of knobs with an optional base {@code preset}): a preset id, a design the scenario
 * file declares, or a canonical design string. A bad one is a 400 problem ({@code bad-request-field}
 * with the {@code pointer} of the field, down to the knob in an object, or {@code bad-parameter} with
 * the query {@code parameter}) that names the {@code knob} at fault and what is {@code allowed} there.
 */
final class DesignParam {
    private DesignParam() {}

    /** The design of a request body: {@code variant} or {@code design}, at most one; null for neither. */
    static ViewDesign of(StoredScenario stored, JsonNode variant, JsonNode design) {
        boolean hasVariant = variant != null && !variant.isNull();
        boolean hasDesign = design != null && !design.isNull();
        if (hasVariant && hasDesign) {
            throw ApiException.badField("/design", "Give at most one of 'variant' and 'design'; both name the design to run under.");
        }
        if (hasDesign) return read(stored, design, "/design");
        if (hasVariant) return read(stored, variant, "/variant");
        return ViewDesign.of(stored, (String) null);
    }

    static ViewDesign read(StoredScenario stored, JsonNode node, String pointer) {
        if (node.isString()) return text(stored, node.stringValue(), pointer, false);
        if (!node.isObject() || pointer.equals("/variant")) {
            throw ApiException.badField(pointer, "'" + pointer.substring(1) + "' must be a preset id or a design string such as "
                    + "\"reap_kill_v2+multiprocess=through\"" + (pointer.equals("/design") ? ", or an object of knobs {preset?, knob: value, ...}" : "") + ".");
        }
        Map<String, String> knobs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) throw bad(pointer + "/" + e.getKey(), e.getKey().equals("preset") ? null : e.getKey(), "'" + e.getKey() + "' must be a string.");
            knobs.put(e.getKey(), e.getValue().stringValue());
        }
        String preset = knobs.remove("preset");
        Design d;
        try {
            d = preset == null ? Design.DEFAULTS : stored.scenario().design(preset);
        } catch (DesignException e) {
            throw bad(pointer + "/preset", null, e.getMessage()).with("allowed", Presets.ids());
        }
        for (Map.Entry<String, String> k : knobs.entrySet()) {
            try {
                d = d.with(k.getKey(), k.getValue());
            } catch (DesignException e) {
                throw allowed(bad(pointer + "/" + k.getKey(), k.getKey(), e.getMessage()), e);
            }
        }
        if (knobs.isEmpty() && preset != null) return text(stored, preset, pointer + "/preset", false);
        return text(stored, d.canonical(), pointer, true);
    }

    /** A design string; {@code object}: it came from knobs, so a problem points at the knob's member. */
    private static ViewDesign text(StoredScenario stored, String text, String pointer, boolean object) {
        try {
            return ViewDesign.of(stored, text);
        } catch (DesignException e) {
            String knob = e.knob();
            throw allowed(bad(object && knob != null ? pointer + "/" + knob : pointer, knob, e.getMessage()), e);
        }
    }

    /**
     * The problem with what may stand where the design went wrong: a preset (a bad name or spelling), a
     * knob id (an unknown knob) or the knob's values (a bad value). A meaningless combination of known
     * knobs has no such list: the problem's detail says which values go together.
     */
    private static ApiException allowed(ApiException ex, DesignException e) {
        List<String> allowed = switch (e.kind()) {
            case SYNTAX, UNKNOWN_PRESET -> Presets.ids();
            case UNKNOWN_KNOB -> Knobs.ids();
            case BAD_VALUE -> Knobs.byId(e.knob()).valueIds();
            case MEANINGLESS -> null;
        };
        return allowed == null ? ex : ex.with("allowed", allowed);
    }

    /** A 400 problem at {@code pointer} (a JSON pointer) naming the knob. */
    static ApiException bad(String pointer, String knob, String detail) {
        ApiException e = ApiException.badField(pointer, detail);
        if (knob != null) e.with("knob", knob);
        return e;
    }

    /** A design in a query parameter ({@code ?variant=}): the problem names the parameter. */
    static ViewDesign parameter(StoredScenario stored, String text, String parameter) {
        try {
            return ViewDesign.of(stored, text);
        } catch (DesignException e) {
            ApiException ex = ApiException.badParameter(parameter, e.getMessage());
            if (e.knob() != null) ex.with("knob", e.knob());
            throw allowed(ex, e);
        }
    }

    /** What a response echoes: {canonical, knobs}. */
    static Map<String, Object> echo(ViewDesign d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("canonical", d.design().canonical());
        out.put("knobs", d.design().knobs());
        return out;
    }

    static List<String> presets() {
        return Presets.ids();
    }
}
