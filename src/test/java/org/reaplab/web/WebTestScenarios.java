package org.reaplab.web;

import org.reaplab.scenario.ParseResult;
import org.reaplab.scenario.ScenarioParser;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.scenario.Scenario;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The web tests' scenarios (src/test/resources/web-scenarios) in an in-memory {@link ScenarioStore}:
 * library ones under their name, uploads under a hash of their text.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebTestScenarios {
    public static final List<String> FILES = List.of("proc-reader-race", "fanout-threads", "refused-signals", "html-in-title", "long-proc-read");

    @Bean
    @Primary
    public ScenarioStore testScenarioStore() {
        return new InMemoryStore();
    }

    public static String text(String name) {
        try (InputStream in = WebTestScenarios.class.getResourceAsStream("/web-scenarios/" + name + ".yaml")) {
            if (in == null) throw new IllegalArgumentException("no test scenario " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario scenario(String name) {
        ParseResult r = new ScenarioParser().parse(text(name), name + ".yaml");
        if (!r.ok()) throw new IllegalStateException(r.report());
        return r.scenario();
    }

    /** A store holding the test scenarios as its library; saves keep uploads in memory. */
    public static final class InMemoryStore implements ScenarioStore {
        private final Map<String, StoredScenario> byId = new LinkedHashMap<>();

        public InMemoryStore() {
            for (String f : FILES) byId.put(f, new StoredScenario(f, scenario(f), text(f), true, Instant.EPOCH));
        }

        @Override
        public synchronized Optional<StoredScenario> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized StoredScenario save(String sourceText, Scenario scenario) {
            String id = "u-" + sha(sourceText).substring(0, 12);
            return byId.computeIfAbsent(id, k -> new StoredScenario(k, scenario, sourceText, false, Instant.now()));
        }

        @Override
        public synchronized List<StoredScenario> search(String query, int offset, int limit) {
            List<StoredScenario> hits = matching(query);
            return hits.subList(Math.min(offset, hits.size()), Math.min(hits.size(), offset + limit));
        }

        @Override
        public synchronized int count(String query) {
            return matching(query).size();
        }

        private List<StoredScenario> matching(String query) {
            List<StoredScenario> out = new ArrayList<>();
            String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
            for (StoredScenario s : byId.values()) {
                if (q.isEmpty() || s.scenario().name().toLowerCase(Locale.ROOT).contains(q)
                        || (s.scenario().title() != null && s.scenario().title().toLowerCase(Locale.ROOT).contains(q))) out.add(s);
            }
            return out;
        }

        private static String sha(String s) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
