package org.reaplab.web;

import org.reaplab.ReapLab;
import org.springframework.boot.SpringApplication;

/**
 * Starts the web app with the test scenarios, templates and browser code read straight from the
 * source tree (edit and reload): {@code java -cp target/classes:target/test-classes:<deps> org.reaplab.web.DevServer}.
 */
public final class DevServer {
    private DevServer() {}

    public static void main(String[] args) {
        SpringApplication.from(ReapLab::main).with(WebTestScenarios.class).run(
                "--spring.datasource.url=jdbc:h2:mem:dev;DB_CLOSE_DELAY=-1",
                "--spring.thymeleaf.cache=false",
                "--spring.thymeleaf.prefix=file:src/main/resources/templates/",
                "--spring.web.resources.static-locations=file:frontend/,classpath:/static/",
                "--spring.web.resources.cache.period=0",
                "--server.port=" + (args.length > 0 ? args[0] : "8089"));
    }
}
