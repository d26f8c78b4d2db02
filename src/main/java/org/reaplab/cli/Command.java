package org.reaplab.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of the command line. It declares what it takes; {@link Args} parses every command's
 * arguments from these declarations and {@link Cli} writes the usage text from them.
 */
public interface Command {
    /** The word after {@code reaplab}. */
    String name();

    /** The operands in the usage text, e.g. "FILE", "FILE..." or "[FILE...]". */
    String operands();

    /** True when the command takes more than one operand. */
    boolean manyOperands();

    /** True when the command may be given no operand at all. */
    default boolean operandsOptional() {
        return false;
    }

    /** The options, in usage order; each inner list is a set of alternatives that exclude each other. */
    List<List<Option>> options();

    /** Runs the command on parsed arguments and returns the exit code (see {@link Cli}). */
    int run(Args args, PrintStream out, PrintStream err);
}
