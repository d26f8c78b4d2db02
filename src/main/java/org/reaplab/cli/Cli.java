package org.reaplab.cli;

import org.reaplab.exploration.ExploreCommand;

import java.io.PrintStream;
import java.util.Set;

/**
 * The command line (scenario-format.md, "Command line"): {@code run}, {@code check} and
 * {@code explore} over scenario files. Exit codes: 0 all good, 1 an expectation or invariant failed,
 * 2 bad input (with file, line and field), 3 an exploration budget ran out first.
 */
public final class Cli {
    private static final Set<String> COMMANDS = Set.of("run", "check", "explore", "designs", "help", "--help", "-h");

    static final String USAGE = """
            usage: reaplab run FILE [DESIGN] [--json]
                   reaplab check FILE... [DESIGN | --all-variants]
                   reaplab explore FILE... [DESIGN | --all-variants] [--max-states N] [--max-seconds S] [--json]
                   reaplab designs [FILE...] [--space default|presets] [--json|--text] [--design ID | --scenario NAME]
            DESIGN: [--variant V] [--set KNOB=VALUE]... [--design FILE]  (docs/designs.md)
            variants: baseline, reap_kill_v2, reap_kill_all_rfc, reap_kill_all_checked, pidfd_mm_group, kernel_oom,
                      a design the file declares, or a canonical string such as reap_kill_v2+multiprocess=through
            exit codes: 0 ok, 1 an expectation or invariant failed, 2 bad input, 3 a budget ran out (explore)""";

    private Cli() {}

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    public static int main(String[] args) {
        return main(args, System.out, System.err);
    }

    /** Runs a command and returns the process exit code. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "run":
                return new RunCommand(out, err).run(rest);
            case "check":
                return new CheckCommand(out, err).run(rest);
            case "explore":
                return ExploreCommand.run(rest, out, err);
            case "designs":
                return new DesignsCommand(out, err, err == System.err && System.console() != null).run(rest);
            default:
                out.println(USAGE);
                return 0;
        }
    }
}
