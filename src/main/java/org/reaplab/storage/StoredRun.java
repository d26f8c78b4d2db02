package org.reaplab.storage;

import java.time.Instant;

/**
 * A run as stored: the request that reproduces it and the outcome it had.
 *
 * @param schedule JSON of the schedule the run used when it overrode the scenario's, or null
 * @param outcome  JSON of the run outcome (scenario-format.md)
 */
public record StoredRun(String id, String scenarioId, String variant, String schedule, int maxSteps,
                        String outcome, Instant created) {}
