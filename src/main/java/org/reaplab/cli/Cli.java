package org.reaplab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line (scenario-format.md, "Command line"): {@code run}, {@code check}, {@code explore}
 * and {@code designs} over scenario files. Exit codes: 0 all good, 1 an expectation or invariant failed,
 * 2 bad input (with file, line and field) or bad arguments, 3 an exploration budget ran out first.
 * No Spring class is loaded on this path ({@code org.reaplab.Main} dispatches here first).
 */
public final class Cli {
    /** Every command, in usage order. A new command is one more entry here. */
    static final List<Command> COMMANDS = List.of(new RunCommand(), new CheckCommand(), new ExploreCommand(), new DesignsCommand());

    private static final List<String> HELP = List.of("help", "--help", "-h");

    static final String VARIANTS = "variants: baseline, reap_kill_v2, reap_kill_all_rfc, reap_kill_all_checked, pidfd_mm_group, kernel_oom,\n"
            + "          a design the file declares, or a canonical string such as reap_kill_v2+multiprocess=through (docs/designs.md)";
    static final String EXIT_CODES = "exit codes: 0 ok, 1 an expectation or invariant failed, 2 bad input, 3 a budget ran out (explore)";

    private Cli() {}

    /** The usage text, written from the commands' declarations. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        for (Command c : COMMANDS) {
            b.append(b.length() == 0 ? "usage: " : "       ").append("reaplab ").append(c.name()).append(' ').append(c.operands());
            for (List<Option> alternatives : c.options()) {
                b.append(" [");
                for (int i = 0; i < alternatives.size(); i++) b.append(i > 0 ? " | " : "").append(alternatives.get(i).usage());
                b.append(']');
            }
            b.append('\n');
        }
        b.append("       reaplab            (no arguments, or only --spring.* options: the web app)\n");
        return b.append(VARIANTS).append('\n').append(EXIT_CODES).toString();
    }

    /** The word names a command (or asks for help): the jar runs it without starting the web app. */
    public static boolean isCommand(String arg) {
        return HELP.contains(arg) || command(arg) != null;
    }

    public static int main(String[] args) {
        return main(args, System.out, System.err);
    }

    /** Runs a command and returns the process exit code; an unknown command prints the usage and returns 2. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        if (HELP.contains(args[0])) {
            out.println(usage());
            return 0;
        }
        Command c = command(args[0]);
        if (c == null) {
            err.println("reaplab: unknown command '" + args[0] + "'");
            err.println(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (rest.length > 0 && HELP.contains(rest[0])) {
            out.println(usage());
            return 0;
        }
        try {
            return c.run(Args.parse(c, rest), out, err);
        } catch (Args.BadArgs e) {
            err.println("reaplab " + c.name() + ": " + e.getMessage());
            err.println(usage());
            return 2;
        }
    }

    private static Command command(String name) {
        for (Command c : COMMANDS) if (c.name().equals(name)) return c;
        return null;
    }
}
