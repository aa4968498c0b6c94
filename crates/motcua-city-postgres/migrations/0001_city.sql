-- The city server's PostgreSQL schema. Ops are stored as they came; `seq` is the server's order.
CREATE TABLE offices (
    id        BIGSERIAL PRIMARY KEY,
    unit_code TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL
);

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    office_id    BIGINT NOT NULL REFERENCES offices (id),
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE ops (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    office_id  BIGINT NOT NULL REFERENCES offices (id),
    device_id  TEXT NOT NULL REFERENCES devices (device_id),
    device_seq BIGINT NOT NULL,
    hlc        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    JSONB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ops_office ON ops (office_id, seq);

CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
