package org.reaplab.storage;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What any database behind {@link JdbcScenarioStore} and {@link RunStore} must do; run against H2
 * always and against PostgreSQL when one is given.
 */
abstract class StorageContract {
    static final ScenarioCodec CODEC = new ScenarioCodec();

    DataSource dataSource;
    JdbcClient jdbc;
    JdbcScenarioStore store;

    /** A data source on an empty database (or schema), freshly made for each test. */
    abstract DataSource freshDatabase() throws Exception;

    void dropDatabase() throws Exception {}

    @BeforeEach
    void migrate() throws Exception {
        dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        store = new JdbcScenarioStore(jdbc, CODEC);
    }

    @AfterEach
    void drop() throws Exception {
        dropDatabase();
    }

    static String yaml(String name, String title, int anon) {
        return """
                version: 1
                name: %s
                title: %s
                mms:
                  - { name: app_mm, memory: { anon: %d } }
                processes:
                  - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
                  - { name: app, uid: 10123, mm: app_mm }
                programs:
                  lmkd:
                    - pidfd_open: { pid: app, as: fd }
                    - kill_and_reap: { pidfd: fd }
                """.formatted(name, title, anon);
    }

    static Scenario parse(String text) {
        ParseResult r = CODEC.parse(text, "test");
        assertThat(r.problems()).isEmpty();
        return r.scenario();
    }

    StoredScenario save(String text) {
        return store.save(text, parse(text));
    }

    int rows() {
        return jdbc.sql("SELECT COUNT(*) FROM scenarios").query(Integer.class).single();
    }

    @Test
    void theQuotaCountsRowsAndBytesFromWhatIsStoredAndRefusesBeyondIt() {
        String a = yaml("quota-a", "Quota é", 100), b = yaml("quota-b", "Quota b", 100);
        save(a); // stored before this store was made: counted from the database
        long bytesOfA = a.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        JdbcScenarioStore quota = new JdbcScenarioStore(jdbc, CODEC,
                new StorageQuota(10, org.springframework.util.unit.DataSize.ofBytes(bytesOfA * 2 + 10), 10));
        quota.save(b, parse(b));
        String c = yaml("quota-c", "Quota c", 100);
        assertThatThrownBy(() -> quota.save(c, parse(c)))
                .isInstanceOf(StorageFull.class).hasMessageContaining("reaplab.storage.max-source-bytes");
        // what is stored is still found, and saved again without a new row
        assertThat(quota.save(a, parse(a)).source()).isEqualTo(a);
        assertThat(rows()).isEqualTo(2);
        JdbcScenarioStore two = new JdbcScenarioStore(jdbc, CODEC,
                new StorageQuota(2, org.springframework.util.unit.DataSize.ofMegabytes(1), 10));
        assertThatThrownBy(() -> two.save(c, parse(c))).isInstanceOf(StorageFull.class)
                .hasMessageContaining("reaplab.storage.max-scenarios");
    }

    @Test
    void savesAndFindsByTextId() {
        String text = yaml("store-one", "Store one", 100);
        StoredScenario s = save(text);
        assertThat(s.id()).matches("[0-9a-f]{12}");
        assertThat(s.id()).isEqualTo(ScenarioCodec.sha256(text).substring(0, 12));
        StoredScenario found = store.find(s.id()).orElseThrow();
        assertThat(found.scenario()).isEqualTo(s.scenario());
        assertThat(found.source()).isEqualTo(text);
        assertThat(found.library()).isFalse();
        assertThat(found.created()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void theSameTextIsOneRowAndOtherCommentsAreTheirOwn() {
        String text = yaml("store-same", "Same", 100);
        StoredScenario a = save(text);
        assertThat(save(text).id()).isEqualTo(a.id());
        assertThat(rows()).isEqualTo(1);
        // the same scenario with a comment pointing elsewhere: its own id, showing its own text
        String other = "# see https://elsewhere.example\n" + text;
        StoredScenario b = save(other);
        assertThat(b.scenario()).isEqualTo(a.scenario());
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(store.find(b.id()).orElseThrow().source()).isEqualTo(other);
        assertThat(store.find(a.id()).orElseThrow().source()).isEqualTo(text);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void anUploadOfALibraryScenarioIsThatLibraryScenario() {
        var entry = CODEC.library().get(0);
        String written = CODEC.toYaml(entry.scenario());
        StoredScenario s = save(written);
        assertThat(s.library()).isTrue();
        assertThat(s.id()).isEqualTo(entry.scenario().name());
        assertThat(rows()).isZero();
    }

    @Test
    void concurrentUploadsOfOneScenarioMakeOneRow() throws Exception {
        String text = yaml("store-race", "Race", 7);
        Scenario scenario = parse(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) ids.add(pool.submit(() -> store.save(text, scenario).id()));
            for (Future<String> f : ids) assertThat(f.get()).isEqualTo(ids.get(0).get());
        } finally {
            pool.shutdown();
        }
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aTakenPrefixGrowsTheId() {
        String text = yaml("store-collide", "Collide", 5);
        Scenario s = parse(text);
        String full = ScenarioCodec.sha256(text);
        // another scenario already holds the 12-digit prefix
        jdbc.sql("INSERT INTO scenarios (id, name, title, format, source, canonical, created) VALUES (?, 'x', 'x', 'yaml', 'x', '{}', CURRENT_TIMESTAMP)")
                .param(full.substring(0, 12)).update();
        StoredScenario stored = store.save(text, s);
        assertThat(stored.id()).isEqualTo(full.substring(0, 16));
        assertThat(store.save(text, s).id()).isEqualTo(full.substring(0, 16));
    }

    @Test
    void searchesNameAndTitleCaseInsensitivelyWithPaging() {
        for (int i = 0; i < 5; i++) save(yaml("search-" + i, "Pinned by a reader " + i, 10 + i));
        save(yaml("other", "Something else", 1));
        int library = store.count("zzz-no-such-thing");
        assertThat(library).isZero();
        assertThat(store.count("SEARCH-")).isEqualTo(5 + libraryMatches("search-"));
        assertThat(store.count("pinned BY")).isEqualTo(5 + libraryMatches("pinned by"));
        List<StoredScenario> page0 = store.search("search-", 0, 2);
        List<StoredScenario> page1 = store.search("search-", 2, 2);
        assertThat(page0).hasSize(2);
        assertThat(page1).hasSize(2);
        assertThat(page0).extracting(StoredScenario::id).doesNotContainAnyElementsOf(page1.stream().map(StoredScenario::id).toList());
        assertThat(store.search("100%", 0, 10)).isEmpty();
        assertThat(store.search("search_", 0, 10)).isEmpty();
    }

    private int libraryMatches(String q) {
        int n = 0;
        for (var e : CODEC.library()) {
            if (e.scenario().name().contains(q) || e.scenario().title().toLowerCase().contains(q)) n++;
        }
        return n;
    }

    @Test
    void listsTheLibraryFirst() {
        save(yaml("uploaded-one", "Uploaded", 3));
        List<StoredScenario> all = store.search(null, 0, 1000);
        int library = CODEC.library().size();
        assertThat(all).hasSize(library + 1);
        for (int i = 0; i < library; i++) assertThat(all.get(i).library()).isTrue();
        assertThat(all.get(library).library()).isFalse();
        for (var e : CODEC.library()) assertThat(store.find(e.scenario().name())).isPresent();
    }

    @Test
    void runsAreStoredOnce() {
        RunStore runs = new RunStore(jdbc);
        StoredRun r = new StoredRun("0123456789abcdef", "abc", "baseline", "{\"policy\":\"random\"}", 100, "{\"steps\":3}",
                Instant.parse("2026-01-02T03:04:05.006Z"));
        assertThat(runs.save(r)).isEqualTo(r);
        assertThat(runs.save(r)).isEqualTo(r);
        assertThat(runs.find(r.id())).contains(r);
        assertThat(runs.find("nope")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM runs").query(Integer.class).single()).isEqualTo(1);
    }

    static DataSource dataSource(String url, String user, String password) {
        DriverManagerDataSource ds = new DriverManagerDataSource(url, user, password);
        return ds;
    }
}
