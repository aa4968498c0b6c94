-- The city server's SQLite schema. Ops are stored as they came; `seq` is the server's order.
CREATE TABLE offices (
    id        INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    office_id    INTEGER NOT NULL REFERENCES offices (id),
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    revoked      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE ops (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    office_id  INTEGER NOT NULL REFERENCES offices (id),
    device_id  TEXT NOT NULL REFERENCES devices (device_id),
    device_seq INTEGER NOT NULL,
    hlc        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX ops_office ON ops (office_id, seq);
