package org.reaplab.simulation;

/** An invariant that broke, the step where it first did, and what broke. */
public record Violation(String invariant, int step, String detail) {}
