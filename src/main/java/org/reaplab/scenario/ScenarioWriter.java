package org.reaplab.scenario;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** STAND-IN until branch scenario-parser lands (same signatures). */
public final class ScenarioWriter {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper CANONICAL = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ScenarioWriter() {}

    public static String toJson(Scenario s) {
        return JSON.writeValueAsString(s);
    }

    public static String toYaml(Scenario s) {
        return YAML.writeValueAsString(s);
    }

    public static String canonicalJson(Scenario s) {
        return CANONICAL.writeValueAsString(s);
    }
}
