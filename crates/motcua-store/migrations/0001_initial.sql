-- Một Cửa counter store, schema version 1.
-- Every domain table below is written only through the op log (see src/ops.rs): a row change
-- and its `ops` record commit in the same transaction.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The operation log: the audit trail and the outbox the city sync pushes, in `seq` order.
CREATE TABLE ops (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,          -- UUIDv7
    device_id  TEXT NOT NULL,
    hlc        TEXT NOT NULL,                 -- hybrid logical clock, sortable text
    user_id    TEXT NOT NULL,                 -- users.id, or "cli:<os user>", or "system"
    kind       TEXT NOT NULL,                 -- e.g. "dossier.received"
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    created_at TEXT NOT NULL,                 -- UTC, RFC 3339
    synced_at  TEXT                           -- set when the city server acknowledged it
) STRICT;
CREATE INDEX ops_unsynced ON ops (seq) WHERE synced_at IS NULL;

-- The office profile entered in the first-run wizard: a single row.
CREATE TABLE office (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    profile TEXT NOT NULL CHECK (json_valid(profile))
) STRICT;

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'clerk')),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE procedures (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    field       TEXT NOT NULL,
    search_key  TEXT NOT NULL,               -- text::fold of code, name and field
    hidden      INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL CHECK (json_valid(data)),  -- the whole catalog::Procedure
    updated_at  TEXT NOT NULL
) STRICT;

-- Official swaps and added days off, per year (later pushed by the city server).
CREATE TABLE calendar_exceptions (
    year INTEGER PRIMARY KEY,
    data TEXT NOT NULL CHECK (json_valid(data))
) STRICT;

-- Each device's count of dossiers per day, from which its codes are interleaved
-- (see motcua_domain::dossier_code). Kept per device so ops synced from other counters
-- replay without disturbing this counter's numbering.
CREATE TABLE code_sequences (
    device_id TEXT NOT NULL,
    day       TEXT NOT NULL,                 -- YYYY-MM-DD
    last      INTEGER NOT NULL,
    PRIMARY KEY (device_id, day)
) STRICT;

CREATE TABLE dossiers (
    id              TEXT PRIMARY KEY,         -- UUIDv7
    code            TEXT NOT NULL UNIQUE,
    code_tail       TEXT NOT NULL,            -- the code after the unit: yymmdd-seq
    procedure_code  TEXT NOT NULL REFERENCES procedures (code),
    procedure_name  TEXT NOT NULL,            -- as it was when received
    status          TEXT NOT NULL,
    received_at     TEXT NOT NULL,            -- office local time (UTC+7), YYYY-MM-DDTHH:MM:SS
    received_day    TEXT NOT NULL,            -- YYYY-MM-DD
    appointment_at  TEXT NOT NULL,            -- ngày hẹn trả, office local time
    received_by     TEXT NOT NULL,            -- users.id or cli actor
    applicant_name  TEXT NOT NULL,
    name_folded     TEXT NOT NULL,            -- text::fold(applicant_name)
    id_number       TEXT NOT NULL,
    phone_digits    TEXT NOT NULL,
    data            TEXT NOT NULL CHECK (json_valid(data))  -- the whole record
) STRICT;
CREATE INDEX dossiers_day ON dossiers (received_day, received_at);
CREATE INDEX dossiers_id_number ON dossiers (id_number);
CREATE INDEX dossiers_phone ON dossiers (phone_digits);
CREATE INDEX dossiers_code_tail ON dossiers (code_tail);

-- Type-ahead over folded applicant names. Contentless: the text lives in `dossiers`;
-- rowid = dossiers.rowid. Folded on our side because unicode61 does not fold đ to d.
CREATE VIRTUAL TABLE dossier_names USING fts5 (
    name_folded,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3'
);
