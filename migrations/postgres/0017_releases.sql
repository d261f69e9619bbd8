-- Named data releases (issue #17 point 3): a release is the published data as of its moment
-- `at`. A release whose moment lies ahead is scheduled: uploads approved under its embargo get
-- `published_at = at` and stay out of the public reads until then (the store compares
-- `published_at` with the time of the read). Names are never reused or changed, so a release
-- names one state of the data for good. Creating one writes the audit entry
-- `release.created`, which the data version counts. Keep in step with migrations/sqlite.

CREATE TABLE releases (
    name       TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    note       TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL
);

DROP INDEX audit_log_data_changes;
CREATE INDEX audit_log_data_changes ON audit_log (id)
    WHERE action LIKE 'upload.%' OR action = 'demo.loaded' OR action LIKE 'catalogue.%'
       OR action LIKE 'release.%';
