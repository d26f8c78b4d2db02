package org.reaplab.scenario.format;

import org.reaplab.scenario.Scenario;

/** A scenario of the built-in library and the file it came from ("01-proc-reader-race.yaml"). */
public record LibraryEntry(String file, Scenario scenario) {}
