-- Uploaded scenarios. The id is derived from the canonical JSON (SHA-256, hex, 12 characters or more),
-- so one scenario has one row however often it is uploaded. Library scenarios are not stored here.
-- Portable between H2 and PostgreSQL.
CREATE TABLE scenarios (
    id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    name      VARCHAR(64)   NOT NULL,
    title     VARCHAR(1000) NOT NULL,
    format    VARCHAR(8)    NOT NULL,
    source    TEXT          NOT NULL,
    canonical TEXT          NOT NULL,
    created   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX scenarios_name ON scenarios (name);
CREATE INDEX scenarios_created ON scenarios (created);
