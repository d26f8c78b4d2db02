package org.reaplab.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scenarios in a relational database (H2 on disk by default, PostgreSQL with the {@code postgres}
 * profile), plus the library that ships in the jar.
 *
 * <p>An uploaded scenario's id is the first 12 hex digits of the SHA-256 of its exact text (UTF-8),
 * so what is shown under an id is exactly what was uploaded under it: the same text uploaded twice
 * has one id and one row, and the same scenario written with other comments or layout has its own.
 * In the unlikely case that prefix is taken by a different text, the id grows by 4 digits until it is
 * unique. An upload whose content is a library scenario's is that library scenario (its id, its file).
 * Saving is one INSERT whose commit is durable ({@link DurableCommits}), so a crash leaves either the
 * whole row or none. New rows are refused with {@link StorageFull} once the store holds what its
 * {@link StorageQuota} allows (in count and in UTF-8 bytes).
 */
@Repository
public class JdbcScenarioStore implements ScenarioStore {
    static final int ID_LENGTH = 12;
    private static final int CACHE_SIZE = 256;

    private final JdbcClient jdbc;
    private final ScenarioCodec codec;
    private final Map<String, StoredScenario> library = new LinkedHashMap<>();
    private final Map<String, String> libraryByCanonical = new LinkedHashMap<>();
    private final Cache<String, StoredScenario> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    private final StoredCount stored;

    /** A store without a quota. */
    public JdbcScenarioStore(JdbcClient jdbc, ScenarioCodec codec) {
        this(jdbc, codec, StorageQuota.NONE);
    }

    @Autowired
    public JdbcScenarioStore(JdbcClient jdbc, ScenarioCodec codec, StorageQuota quota) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.stored = new StoredCount("uploaded scenarios",
                "reaplab.storage.max-scenarios", quota.maxScenarios(),
                () -> jdbc.sql("SELECT COUNT(*) FROM scenarios").query(Long.class).single(),
                "reaplab.storage.max-source-bytes", quota.maxSourceBytes().toBytes(),
                () -> jdbc.sql("SELECT COALESCE(SUM(OCTET_LENGTH(source)), 0) FROM scenarios").query(Long.class).single());
        Instant shipped = Instant.EPOCH;
        for (LibraryEntry e : codec.library()) {
            Scenario s = e.scenario();
            String source = e.file() == null ? codec.toYaml(s) : readLibraryFile(e.file(), s);
            library.put(s.name(), new StoredScenario(s.name(), s, source, true, shipped));
            libraryByCanonical.put(codec.canonicalJson(s), s.name());
        }
    }

    private String readLibraryFile(String file, Scenario s) {
        try (var in = getClass().getClassLoader().getResourceAsStream("scenarios/" + file)) {
            if (in != null) return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException ignored) {
            // fall through to the written form
        }
        return codec.toYaml(s);
    }

    @Override
    public Optional<StoredScenario> find(String id) {
        StoredScenario lib = library.get(id);
        if (lib != null) return Optional.of(lib);
        StoredScenario cached = cache.getIfPresent(id);
        if (cached != null) return Optional.of(cached);
        Optional<StoredScenario> row = jdbc.sql("SELECT id, source, created FROM scenarios WHERE id = ?")
                .param(id)
                .query(this::fromRow)
                .optional();
        row.ifPresent(r -> cache.put(id, r));
        return row;
    }

    private StoredScenario fromRow(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        String source = rs.getString("source");
        ParseResult parsed = codec.parse(source, id);
        if (parsed.scenario() == null) {
            // stored by an older version whose rules have since tightened: keep it reachable, say why
            throw new IllegalStateException("stored scenario " + id + " no longer parses: " + parsed.report());
        }
        return new StoredScenario(id, parsed.scenario(), source, false, instant(rs, "created"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public StoredScenario save(String sourceText, Scenario scenario) {
        String canonical = codec.canonicalJson(scenario);
        String libraryId = libraryByCanonical.get(canonical);
        if (libraryId != null) return library.get(libraryId);
        String hash = ScenarioCodec.sha256(sourceText);
        for (int length = ID_LENGTH; length <= hash.length(); length += 4) {
            String id = hash.substring(0, length);
            if (library.containsKey(id)) continue;
            for (int attempt = 0; attempt < 2; attempt++) {
                Optional<String> existing = jdbc.sql("SELECT source FROM scenarios WHERE id = ?")
                        .param(id).query(String.class).optional();
                if (existing.isPresent()) {
                    if (existing.get().equals(sourceText)) return find(id).orElseThrow();
                    break; // a different text has this prefix: try a longer id
                }
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                long size = sourceText.getBytes(StandardCharsets.UTF_8).length;
                stored.reserve(size);
                boolean inserted = false;
                try {
                    jdbc.sql("INSERT INTO scenarios (id, name, title, format, source, canonical, created) VALUES (?, ?, ?, ?, ?, ?, ?)")
                            .params(id, scenario.name(), clip(scenario.title(), 1000), ScenarioCodec.formatOf(sourceText),
                                    sourceText, canonical, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                            .update();
                    inserted = true;
                    StoredScenario saved = new StoredScenario(id, scenario, sourceText, false, now);
                    cache.put(id, saved);
                    return saved;
                } catch (DuplicateKeyException raced) {
                    // a concurrent upload inserted this id first: look again
                } finally {
                    if (!inserted) stored.release(size);
                }
            }
        }
        throw new IllegalStateException("no free id for scenario " + scenario.name());
    }

    @Override
    public List<StoredScenario> search(String query, int offset, int limit) {
        List<StoredScenario> out = new ArrayList<>();
        List<StoredScenario> lib = libraryMatching(query);
        for (int i = offset; i < lib.size() && out.size() < limit; i++) out.add(lib.get(i));
        int remaining = limit - out.size();
        if (remaining <= 0) return out;
        int dbOffset = Math.max(0, offset - lib.size());
        String like = like(query);
        List<String> ids = jdbc.sql("SELECT id FROM scenarios"
                        + (like == null ? "" : " WHERE LOWER(name) LIKE :q ESCAPE '\\' OR LOWER(title) LIKE :q ESCAPE '\\'")
                        + " ORDER BY created DESC, id LIMIT :limit OFFSET :offset")
                .paramSource(params(like, remaining, dbOffset))
                .query(String.class).list();
        for (String id : ids) find(id).ifPresent(out::add);
        return out;
    }

    private static Map<String, Object> params(String like, int limit, int offset) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (like != null) p.put("q", like);
        p.put("limit", limit);
        p.put("offset", offset);
        return p;
    }

    @Override
    public int count(String query) {
        String like = like(query);
        Integer rows = like == null
                ? Math.toIntExact(stored.rows())
                : jdbc.sql("SELECT COUNT(*) FROM scenarios WHERE LOWER(name) LIKE :q ESCAPE '\\' OR LOWER(title) LIKE :q ESCAPE '\\'")
                        .param("q", like).query(Integer.class).single();
        return libraryMatching(query).size() + rows;
    }

    private List<StoredScenario> libraryMatching(String query) {
        if (query == null || query.isBlank()) return new ArrayList<>(library.values());
        String q = query.strip().toLowerCase(Locale.ROOT);
        List<StoredScenario> out = new ArrayList<>();
        for (StoredScenario s : library.values()) {
            String title = s.scenario().title() == null ? "" : s.scenario().title();
            if (s.id().toLowerCase(Locale.ROOT).contains(q) || title.toLowerCase(Locale.ROOT).contains(q)) out.add(s);
        }
        return out;
    }

    /** The LIKE pattern for a substring match, with %, _ and \ escaped; null for no filter. */
    static String like(String query) {
        if (query == null || query.isBlank()) return null;
        String q = query.strip().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + q + "%";
    }

    private static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max);
    }
}
