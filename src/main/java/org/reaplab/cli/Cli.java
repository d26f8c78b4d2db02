package org.reaplab.cli;

import java.util.Set;

/** The command line: run, check and explore scenario files (scenario-format.md, "Command line"). */
public final class Cli {
    private static final Set<String> COMMANDS = Set.of("run", "check", "explore", "help", "--help");

    private Cli() {}

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    /** Runs a command and returns the process exit code. */
    public static int main(String[] args) {
        System.err.println("reaplab: the command line is being wired up");
        return 2;
    }
}
