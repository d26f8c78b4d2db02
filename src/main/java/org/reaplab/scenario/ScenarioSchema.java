package org.reaplab.scenario;

/** STAND-IN until branch scenario-parser lands: the JSON Schema of the format. */
public final class ScenarioSchema {
    private ScenarioSchema() {}

    public static String text() {
        return "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\"ReapLab scenario\",\"type\":\"object\"}";
    }
}
