package org.reaplab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The web app. The jar starts at {@link Main}, which comes here only when no command was given. */
@SpringBootApplication
public class ReapLab {

    public static void main(String[] args) {
        SpringApplication.run(ReapLab.class, args);
    }
}
