package org.reaplab;

import org.reaplab.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, two faces: with a command ({@code run}, {@code check}, {@code explore}) it is the command
 * line and exits without starting Spring; with no arguments it starts the web app.
 */
@SpringBootApplication
public class ReapLab {

    public static void main(String[] args) {
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.main(args));
        }
        SpringApplication.run(ReapLab.class, args);
    }
}
