package org.reaplab.web.api;

import org.reaplab.web.Limits;
import org.reaplab.scenario.ScheduleStep;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.format.Problem;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.storage.ScenarioCodec;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of POST /api/runs: {@code {scenarioId | scenario, variant? | design?, schedule?, maxSteps?}}, where
 * {@code scenario} is an inline scenario object or its text (YAML or JSON). Every field is checked
 * and a wrong one is answered 400 with its JSON pointer.
 *
 * @param scenarioId   a stored or library scenario, or null with an inline scenario
 * @param scenarioText the inline scenario's text, exactly as it stands in the request
 * @param variant      the {@code variant} member (a preset id or design string), or null
 * @param design       the {@code design} member (a design string or an object of knobs), or null;
 *                     both are read once the scenario is known ({@link DesignParam})
 * @param schedule     null for the scenario's own schedule
 * @param maxSteps     null for the default
 */
record RunRequest(String scenarioId, String scenarioText, ParseResult inline, JsonNode variant, JsonNode design, ScheduleSpec schedule,
                  Integer maxSteps) {
    private static final Set<String> FIELDS = Set.of("scenarioId", "scenario", "variant", "design", "schedule", "maxSteps");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("policy", "steps", "seed", "then");

    static RunRequest parse(String body, JsonMapper json, ScenarioCodec codec, Limits limits) {
        int maxStepsLimit = limits.maxSteps();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            int column = loc == null ? 0 : loc.getColumnNr();
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON at line " + line + ", column " + column + ": " + e.getOriginalMessage())
                    .with("line", line).with("column", column);
        }
        if (root == null || !root.isObject()) throw ApiException.badField("", "The request body must be a JSON object.");
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ApiException.badField("/" + name, "Unknown field '" + name + "'; a run request has " + sorted(FIELDS) + ".");
            }
        }
        JsonNode id = root.get("scenarioId");
        JsonNode inline = root.get("scenario");
        if ((id == null) == (inline == null)) {
            throw ApiException.badField(id == null ? "/scenarioId" : "/scenario",
                    "Give exactly one of 'scenarioId' (a stored or library scenario) and 'scenario' (the scenario itself).");
        }
        String scenarioId = null;
        String text = null;
        ParseResult parsed = null;
        if (id != null) {
            if (!id.isString() || id.stringValue().isBlank()) throw ApiException.badField("/scenarioId", "'scenarioId' must be a non-empty string.");
            scenarioId = id.stringValue();
        } else if (inline.isString()) {
            text = inline.stringValue();
            parsed = codec.parse(text, "scenario");
            if (!parsed.ok()) {
                List<ScenarioProblem> problems = parsed.problems().stream().map(ScenarioProblem::of).toList();
                throw ScenarioApiController.invalid(problems.isEmpty() ? List.of(new ScenarioProblem(1, 1, "", "unreadable")) : problems, limits.problems())
                        .with("pointer", "/scenario");
            }
        } else if (inline.isObject()) {
            Slice slice = slice(body, json);
            text = slice.text;
            parsed = codec.parse(text, "scenario");
            if (!parsed.ok()) {
                List<ScenarioProblem> problems = new ArrayList<>();
                for (Problem p : parsed.problems()) problems.add(slice.map(p));
                throw ScenarioApiController.invalid(problems.isEmpty() ? List.of(new ScenarioProblem(1, 1, "/scenario", "unreadable")) : problems, limits.problems())
                        .with("pointer", "/scenario");
            }
        } else {
            throw ApiException.badField("/scenario", "'scenario' must be a scenario object or its YAML/JSON text.");
        }
        JsonNode variant = root.get("variant");
        if (variant != null && !variant.isNull() && !variant.isString()) {
            throw ApiException.badField("/variant", "'variant' must be a preset id or a design string; the presets are "
                    + DesignParam.presets() + ".").with("allowed", DesignParam.presets());
        }
        JsonNode design = root.get("design");
        ScheduleSpec schedule = null;
        JsonNode s = root.get("schedule");
        if (s != null && !s.isNull()) schedule = schedule(s);
        Integer maxSteps = null;
        JsonNode m = root.get("maxSteps");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || !m.canConvertToInt() || m.intValue() < 1) {
                throw ApiException.badField("/maxSteps", "'maxSteps' must be a whole number from 1 to " + maxStepsLimit + ", got " + m + ".");
            }
            if (m.intValue() > maxStepsLimit) {
                throw ApiException.badField("/maxSteps", "'maxSteps' " + m.intValue() + " is above the limit of " + maxStepsLimit
                        + " steps per run (reaplab.limits.max-steps).").with("limit", maxStepsLimit);
            }
            maxSteps = m.intValue();
        }
        return new RunRequest(scenarioId, text, parsed, variant, design, schedule, maxSteps);
    }

    private static ScheduleSpec schedule(JsonNode s) {
        if (!s.isObject()) throw ApiException.badField("/schedule", "'schedule' must be an object {policy, steps, seed, then}.");
        for (String name : s.propertyNames()) {
            if (!SCHEDULE_FIELDS.contains(name)) {
                throw ApiException.badField("/schedule/" + name, "Unknown schedule field '" + name + "'; a schedule has " + sorted(SCHEDULE_FIELDS) + ".");
            }
        }
        String policy = text(s, "policy", "round_robin");
        if (!List.of("script", "round_robin", "random").contains(policy)) {
            throw ApiException.badField("/schedule/policy", "Schedule policy '" + policy + "' cannot drive one run; use script, round_robin or random"
                    + ("exhaustive".equals(policy) ? " (exhaustive is for exploration)" : "") + ".");
        }
        String then = s.has("then") && !s.get("then").isNull() ? text(s, "then", null) : null;
        if (then != null && !List.of("round_robin", "random").contains(then)) {
            throw ApiException.badField("/schedule/then", "'then' must be round_robin or random, got '" + then + "'.");
        }
        List<String> steps = new ArrayList<>();
        JsonNode st = s.get("steps");
        if (st != null && !st.isNull()) {
            if (!st.isArray()) throw ApiException.badField("/schedule/steps", "'steps' must be an array of strings like \"app\", \"app*\" or \"app@exit_mm\".");
            for (int i = 0; i < st.size(); i++) {
                JsonNode step = st.get(i);
                if (!step.isString() || ScheduleStep.problem(step.stringValue()) != null) {
                    throw ApiException.badField("/schedule/steps/" + i, "Schedule step " + step
                            + " is not \"t\", \"t*\" or \"t@function\" with t a thread name.");
                }
                steps.add(step.stringValue());
            }
        }
        Long seed = null;
        JsonNode sd = s.get("seed");
        if (sd != null && !sd.isNull()) {
            if (!sd.isIntegralNumber() || !sd.canConvertToLong()) throw ApiException.badField("/schedule/seed", "'seed' must be a whole number.");
            seed = sd.longValue();
        }
        return new ScheduleSpec(policy, List.copyOf(steps), seed, then);
    }

    private static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isString()) throw ApiException.badField("/schedule/" + field, "'" + field + "' must be a string.");
        return v.stringValue();
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().toList().toString();
    }

    /** Where the inline scenario object stands in the request body, so problems point at the request's lines. */
    private record Slice(String text, int line, int column) {
        ScenarioProblem map(Problem p) {
            int l = p.line() + line - 1;
            int c = p.line() == 1 ? p.column() + column - 1 : p.column();
            return new ScenarioProblem(l, c, "/scenario" + p.pointer(), p.message());
        }
    }

    private static Slice slice(String body, JsonMapper json) {
        try (JsonParser p = json.createParser(body)) {
            p.nextToken(); // START_OBJECT
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("scenario".equals(name) && t == JsonToken.START_OBJECT) {
                    TokenStreamLocation start = p.currentTokenLocation();
                    p.skipChildren();
                    TokenStreamLocation end = p.currentTokenLocation();
                    int from = (int) start.getCharOffset();
                    int to = (int) end.getCharOffset() + 1;
                    return new Slice(body.substring(from, to), start.getLineNr(), start.getColumnNr());
                }
                p.skipChildren();
            }
        }
        throw new IllegalStateException("no scenario object in the request");
    }

    static Map<String, Object> scheduleJson(ScheduleSpec s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("policy", s.policy());
        m.put("steps", s.steps() == null ? List.of() : s.steps());
        if (s.seed() != null) m.put("seed", s.seed());
        if (s.then() != null) m.put("then", s.then());
        return m;
    }
}
