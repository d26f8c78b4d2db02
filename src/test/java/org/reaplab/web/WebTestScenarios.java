package org.reaplab.web;

import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.storage.JdbcScenarioStore;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web tests' scenarios: the app's own store (the shipped library, uploads in the test database)
 * plus a few test-only scenarios from src/test/resources/web-scenarios under their names: a 10,000-step
 * run, a fan-out, refused and ignored signals, markup in a title.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebTestScenarios {
    /** Test-only scenarios, by name. */
    public static final List<String> FILES = List.of("fanout-threads", "refused-signals", "html-in-title", "long-proc-read");

    @Bean
    @Primary
    public ScenarioStore testScenarioStore(JdbcScenarioStore app) {
        return new LayeredStore(app);
    }

    public static String text(String name) {
        try (InputStream in = WebTestScenarios.class.getResourceAsStream("/web-scenarios/" + name + ".yaml")) {
            if (in == null) throw new IllegalArgumentException("no test scenario " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test-only scenario, or one of the shipped library. */
    public static Scenario scenario(String name) {
        if (!FILES.contains(name)) {
            for (LibraryEntry e : ScenarioLibrary.load()) if (e.scenario().name().equals(name)) return e.scenario();
            throw new IllegalArgumentException("no library scenario " + name);
        }
        ParseResult r = new ScenarioParser().parse(text(name), name + ".yaml");
        if (!r.ok()) throw new IllegalStateException(r.report());
        return r.scenario();
    }

    /** The app's store, with the test-only scenarios after its library. */
    public static final class LayeredStore implements ScenarioStore {
        private final ScenarioStore app;
        private final Map<String, StoredScenario> extra = new LinkedHashMap<>();

        public LayeredStore(ScenarioStore app) {
            this.app = app;
            for (String f : FILES) extra.put(f, new StoredScenario(f, scenario(f), text(f), true, Instant.EPOCH));
        }

        @Override
        public Optional<StoredScenario> find(String id) {
            StoredScenario s = extra.get(id);
            return s != null ? Optional.of(s) : app.find(id);
        }

        @Override
        public StoredScenario save(String sourceText, Scenario scenario) {
            return app.save(sourceText, scenario);
        }

        @Override
        public List<StoredScenario> search(String query, int offset, int limit) {
            List<StoredScenario> all = new ArrayList<>(app.search(query, 0, Math.max(1, app.count(query))));
            all.addAll(matching(query));
            return all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        }

        @Override
        public int count(String query) {
            return app.count(query) + matching(query).size();
        }

        private List<StoredScenario> matching(String query) {
            String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
            return extra.values().stream().filter(s -> q.isEmpty() || s.id().contains(q)
                    || (s.scenario().title() != null && s.scenario().title().toLowerCase(Locale.ROOT).contains(q))).toList();
        }
    }
}
