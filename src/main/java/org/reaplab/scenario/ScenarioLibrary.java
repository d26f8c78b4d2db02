package org.reaplab.scenario;

import java.util.List;

/** STAND-IN until branch scenario-parser lands: the built-in scenarios (classpath scenarios/*.yaml). */
public final class ScenarioLibrary {
    private ScenarioLibrary() {}

    public static List<LibraryEntry> load() {
        return List.of();
    }
}
