package org.reaplab.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one variant must produce. Only the keys given are compared; {@code killed} compares as a set
 * and a null {@code killed} is not compared; {@code violations} lists the invariant names the variant
 * is expected to trip (null or empty: none).
 */
public record Expectation(Map<String, String> calls, Map<String, Boolean> reaped, Set<String> killed,
                          List<String> violations) {}
