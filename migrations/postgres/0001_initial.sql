-- vergleich schema, PostgreSQL dialect. Migrations are append-only: never edit a released file,
-- add a new one. Keep in step with migrations/sqlite.

CREATE TABLE fields (
    id             TEXT PRIMARY KEY,
    position       INTEGER NOT NULL,
    label_de       TEXT NOT NULL,
    label_en       TEXT NOT NULL,
    description_de TEXT NOT NULL,
    description_en TEXT NOT NULL
);

CREATE TABLE indicators (
    id                 TEXT PRIMARY KEY,
    field              TEXT REFERENCES fields (id),
    kind               TEXT NOT NULL CHECK (kind IN ('self_check', 'statistic', 'context')),
    label_de           TEXT NOT NULL,
    label_en           TEXT NOT NULL,
    definition_de      TEXT NOT NULL,
    definition_en      TEXT NOT NULL,
    unit               TEXT NOT NULL,
    polarity           TEXT NOT NULL CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'neutral')),
    min_value          DOUBLE PRECISION,
    max_value          DOUBLE PRECISION,
    source             TEXT NOT NULL,
    level              TEXT NOT NULL CHECK (level IN ('gemeinde', 'kreis', 'kommune')),
    definition_version INTEGER NOT NULL
);

CREATE TABLE municipalities (
    key   TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    state TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('kreisfreie_stadt', 'stadt', 'gemeinde', 'landkreis'))
);

CREATE TABLE memberships (
    municipality TEXT NOT NULL REFERENCES municipalities (key),
    cohort       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'pilot', 'announced', 'demo')),
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    PRIMARY KEY (municipality, cohort)
);

CREATE TABLE uploads (
    id           BIGSERIAL PRIMARY KEY,
    municipality TEXT REFERENCES municipalities (key),
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    file_name    TEXT,
    sha256       TEXT,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'published', 'rejected')),
    synthetic    BOOLEAN NOT NULL DEFAULT FALSE,
    report       TEXT
);

CREATE TABLE observations (
    id             BIGSERIAL PRIMARY KEY,
    municipality   TEXT NOT NULL REFERENCES municipalities (key),
    indicator      TEXT NOT NULL REFERENCES indicators (id),
    period         INTEGER NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    value          DOUBLE PRECISION,
    status         TEXT NOT NULL CHECK (status IN ('A', 'P', 'E', 'M')),
    missing_reason TEXT CHECK (missing_reason IN ('skipped', 'secret', 'not_available', 'not_meaningful', 'unreliable')),
    note           TEXT,
    source         TEXT,
    upload_id      BIGINT NOT NULL REFERENCES uploads (id),
    recorded_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality, indicator, period, version),
    CHECK ((status = 'M') = (value IS NULL)),
    CHECK ((status = 'M') = (missing_reason IS NOT NULL))
);

CREATE INDEX observations_by_indicator ON observations (indicator, period);
CREATE INDEX observations_by_upload ON observations (upload_id);

-- History is append-only: a correction is a new version, the old one stays readable.
CREATE FUNCTION observations_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'observations are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER observations_no_update BEFORE UPDATE OR DELETE ON observations
    FOR EACH ROW EXECUTE FUNCTION observations_append_only();

CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL
);
