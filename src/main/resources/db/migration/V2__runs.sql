-- Runs: what was asked (scenario, variant, schedule, step limit) and the outcome. Runs are
-- deterministic, so the steps are recomputed from the request when they are asked for.
CREATE TABLE runs (
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    scenario_id VARCHAR(64) NOT NULL,
    variant     VARCHAR(64) NOT NULL,
    schedule    TEXT,
    max_steps   INTEGER     NOT NULL,
    outcome     TEXT        NOT NULL,
    created     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX runs_scenario ON runs (scenario_id);
