package org.reaplab.scenario;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** STAND-IN until branch scenario-parser has its writer (same signatures). */
public final class ScenarioWriter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper CANONICAL = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public String toJson(Scenario s) {
        return JSON.writeValueAsString(s);
    }

    public String toYaml(Scenario s) {
        return YAML.writeValueAsString(s);
    }

    public String canonicalJson(Scenario s) {
        return CANONICAL.writeValueAsString(s);
    }
}
