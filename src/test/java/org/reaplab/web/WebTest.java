package org.reaplab.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The whole app with MockMvc, the test scenarios as its store and an in-memory database. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:reaplab-web;DB_CLOSE_DELAY=-1",
        "spring.thymeleaf.cache=true", "reaplab.verdicts.compute-at-startup=false",
        "reaplab.designs.space=presets", "reaplab.designs.cache-dir=",
        // one client sends every request of a test class: the per-client limits have their own tests
        "reaplab.guard.requests-per-second=100000", "reaplab.guard.request-burst=100000",
        "reaplab.guard.writes-per-minute=1000000", "reaplab.guard.write-burst=100000"})
@AutoConfigureMockMvc
@Import(WebTestScenarios.class)
public @interface WebTest {
}
