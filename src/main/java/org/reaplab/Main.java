package org.reaplab;

import org.reaplab.cli.Cli;

/**
 * The jar's entry point. A command ({@code run}, {@code check}, {@code explore}, {@code help}) runs the
 * command line without loading a single Spring class; no arguments, or only options ({@code --server.port=…}),
 * start the web app; any other word is an unknown command: the usage and exit 2.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("--") && !Cli.isCommand(args[0])) {
            ReapLab.main(args);
            return;
        }
        System.exit(Cli.main(args));
    }
}
