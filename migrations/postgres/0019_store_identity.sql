-- A random identity of this database, made once when it is created (issue #17 point 2): the
-- service keeps the public data state in a file between starts and reads it back only for the
-- database it was read from. Upload ids restart at 1 in a database made anew, so the uploads'
-- fingerprints alone could not tell a new database from the old one. A copy or a backup keeps
-- the identity, and with it the fingerprints tell what changed since. Keep in step with the
-- other backend's migration.

CREATE TABLE store_identity (
    id TEXT NOT NULL PRIMARY KEY
);
INSERT INTO store_identity (id) VALUES (md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text));
