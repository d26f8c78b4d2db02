package org.reaplab.storage;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Runs by id. A run's id is derived from its request (scenario id, variant, schedule, step limit), and
 * runs are deterministic, so asking for the same run twice gives the same id and one row.
 */
@Repository
public class RunStore {
    private final JdbcClient jdbc;
    private final StoredCount stored;

    /** A store without a quota. */
    public RunStore(JdbcClient jdbc) {
        this(jdbc, StorageQuota.NONE);
    }

    @Autowired
    public RunStore(JdbcClient jdbc, StorageQuota quota) {
        this.jdbc = jdbc;
        this.stored = new StoredCount("runs", "reaplab.storage.max-runs", quota.maxRuns(),
                () -> jdbc.sql("SELECT COUNT(*) FROM runs").query(Long.class).single(), null, 0, null);
    }

    public Optional<StoredRun> find(String id) {
        return jdbc.sql("SELECT id, scenario_id, variant, schedule, max_steps, outcome, created FROM runs WHERE id = ?")
                .param(id)
                .query((rs, n) -> new StoredRun(rs.getString("id"), rs.getString("scenario_id"), rs.getString("variant"),
                        rs.getString("schedule"), rs.getInt("max_steps"), rs.getString("outcome"),
                        rs.getObject("created", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Inserts the run unless a run with its id exists; returns the stored one either way. */
    public StoredRun save(StoredRun run) {
        Optional<StoredRun> existing = find(run.id());
        if (existing.isPresent()) return existing.get();
        stored.reserve(0);
        boolean inserted = false;
        try {
            jdbc.sql("INSERT INTO runs (id, scenario_id, variant, schedule, max_steps, outcome, created) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(run.id(), run.scenarioId(), run.variant(), run.schedule(), run.maxSteps(), run.outcome(),
                            OffsetDateTime.ofInstant(run.created(), ZoneOffset.UTC))
                    .update();
            inserted = true;
            return run;
        } catch (DuplicateKeyException raced) {
            return find(run.id()).orElseThrow();
        } finally {
            if (!inserted) stored.release(0);
        }
    }
}
