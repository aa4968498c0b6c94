-- The city's own staff (the console's users), their sessions, and the audit of their reads
-- of personal data. Passwords and session tokens are kept as hashes only.
CREATE TABLE city_users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor')),
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE city_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES city_users (id),
    expires_at   BIGINT NOT NULL                -- Unix seconds
);

CREATE TABLE city_reads (
    id        BIGSERIAL PRIMARY KEY,
    at        BIGINT NOT NULL,                  -- Unix seconds
    user_id   BIGINT NOT NULL REFERENCES city_users (id),
    what      TEXT NOT NULL,
    office_id BIGINT REFERENCES offices (id),
    count     BIGINT NOT NULL
);

-- When each device last said hello: the office's sync health.
ALTER TABLE devices ADD COLUMN last_seen_at BIGINT;

-- An office's dossiers without walking its other ops.
CREATE INDEX ops_office_kind ON ops (office_id, kind, seq);
