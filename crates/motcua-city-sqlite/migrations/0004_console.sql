-- The city's own staff (the console's users), their sessions, and the audit of their reads
-- of personal data. Passwords and session tokens are kept as hashes only.
CREATE TABLE city_users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE city_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES city_users (id),
    expires_at   INTEGER NOT NULL                -- Unix seconds
) STRICT;

CREATE TABLE city_reads (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,                  -- Unix seconds
    user_id   INTEGER NOT NULL REFERENCES city_users (id),
    what      TEXT NOT NULL,
    office_id INTEGER REFERENCES offices (id),
    count     INTEGER NOT NULL
) STRICT;

-- When each device last said hello: the office's sync health.
ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;

-- An office's dossiers without walking its other ops.
CREATE INDEX ops_office_kind ON ops (office_id, kind, seq);
