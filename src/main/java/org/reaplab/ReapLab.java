package org.reaplab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web app. The jar starts at {@link Main}, which comes here only when no command was given. Every
 * {@code @ConfigurationProperties} record (each feature's settings) is registered here, once, by the scan.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReapLab {

    public static void main(String[] args) {
        SpringApplication.run(ReapLab.class, args);
    }
}
