package org.reaplab.storage;

import org.reaplab.scenario.Scenario;

import java.time.Instant;

/**
 * A scenario with its id and the text it was written in.
 *
 * @param library it ships with ReapLab (src/main/resources/scenarios)
 */
public record StoredScenario(String id, Scenario scenario, String source, boolean library, Instant created) {}
