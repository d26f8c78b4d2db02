package org.reaplab.scenario.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of the scenario format, served at {@code GET /api/schema/scenario}
 * and as the static file {@code /schema/scenario.schema.json}.
 */
public final class ScenarioSchema {

    public static final String RESOURCE = "/static/schema/scenario.schema.json";

    private static volatile String text;

    private ScenarioSchema() {}

    /** The schema document, read once from the classpath. */
    public static String text() {
        String t = text;
        if (t == null) {
            try (InputStream in = ScenarioSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
                t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            text = t;
        }
        return t;
    }
}
