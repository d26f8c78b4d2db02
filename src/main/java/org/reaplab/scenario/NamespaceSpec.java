package org.reaplab.scenario;

/** A pid namespace below {@code parent}; "root" always exists and is the init pid namespace. */
public record NamespaceSpec(String name, String parent) {}
