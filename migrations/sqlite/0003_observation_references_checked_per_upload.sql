-- Per-row foreign keys made a bulk commit much slower; references of observations are now checked
-- once per upload by the store, inside the same transaction (see the PostgreSQL migration of the
-- same name). SQLite cannot drop a constraint, so the table is rebuilt; DROP TABLE removes the
-- append-only triggers before its implicit delete, and they are created again below.
CREATE TABLE observations_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality   TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    period         INTEGER NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    value          REAL,
    status         TEXT NOT NULL CHECK (status IN ('A', 'P', 'E', 'M')),
    missing_reason TEXT CHECK (missing_reason IN ('skipped', 'secret', 'not_available', 'not_meaningful', 'unreliable')),
    note           TEXT,
    source         TEXT,
    upload_id      INTEGER NOT NULL,
    recorded_at    TEXT NOT NULL,
    UNIQUE (municipality, indicator, period, version),
    CHECK ((status = 'M') = (value IS NULL)),
    CHECK ((status = 'M') = (missing_reason IS NOT NULL))
);

INSERT INTO observations_new SELECT id, municipality, indicator, period, version, value, status,
    missing_reason, note, source, upload_id, recorded_at FROM observations;

DROP TABLE observations;
ALTER TABLE observations_new RENAME TO observations;

CREATE INDEX observations_by_indicator ON observations (indicator, period);
CREATE INDEX observations_by_upload ON observations (upload_id);

CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only');
END;

CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations
BEGIN
    SELECT RAISE(ABORT, 'observations are append-only');
END;
