-- Changes of the catalogue at runtime (issue #14 B): an admin adds fields and indicators, edits
-- their labels and help texts, archives a field (kept for the data recorded, closed to new
-- indicators) and changes an indicator's definition. `edited_at` marks a row an admin changed
-- (NULL: as seeded): the seed from datasets/ at start-up no longer overwrites it. Each
-- definition version of an indicator is one row of indicator_definitions, the version the
-- catalogue started with having no valid_from; an indicator without rows has only its current
-- definition. Catalogue changes count as data changes: the audit entries `catalogue.%` move
-- `data_version()`, so its partial index is made anew with that condition (word for word the
-- query's). Keep in step with migrations/postgres.

ALTER TABLE fields ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
ALTER TABLE fields ADD COLUMN edited_at TEXT;
ALTER TABLE indicators ADD COLUMN edited_at TEXT;

CREATE TABLE indicator_definitions (
    indicator     TEXT NOT NULL REFERENCES indicators (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    valid_from    TEXT,
    definition_de TEXT NOT NULL,
    definition_en TEXT NOT NULL,
    note_de       TEXT NOT NULL,
    note_en       TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (indicator, version)
);

DROP INDEX audit_log_data_changes;
CREATE INDEX audit_log_data_changes ON audit_log (id)
    WHERE action LIKE 'upload.%' OR action = 'demo.loaded' OR action LIKE 'catalogue.%';
