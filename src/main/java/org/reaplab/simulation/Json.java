package org.reaplab.simulation;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for outcomes and events outside Spring (the command line); Spring has its own mapper. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    public static String pretty(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
