package org.reaplab.storage;

import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.scenario.format.ScenarioSchema;
import org.reaplab.scenario.format.ScenarioWriter;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The one place storage and the API reach the scenario package: parsing, writing, the canonical form
 * that ids are derived from, the library and the schema.
 */
@Component
public class ScenarioCodec {
    private final ScenarioParser parser = new ScenarioParser();
    private final ScenarioWriter writer = new ScenarioWriter();

    public ParseResult parse(String text, String source) {
        return parser.parse(text, source);
    }

    public String toJson(Scenario scenario) {
        return writer.toJson(scenario);
    }

    public String toYaml(Scenario scenario) {
        return writer.toYaml(scenario);
    }

    public String canonicalJson(Scenario scenario) {
        return writer.canonicalJson(scenario);
    }

    public List<LibraryEntry> library() {
        return ScenarioLibrary.load();
    }

    public String schema() {
        return ScenarioSchema.text();
    }

    /** "json" when the text is a JSON document, "yaml" otherwise (YAML is a superset of JSON). */
    public static String formatOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) continue;
            return c == '{' ? "json" : "yaml";
        }
        return "yaml";
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
