-- One-time enrolment codes (their SHA-256 only) and when each device was enrolled.
CREATE TABLE enrolment_codes (
    code_sha256 TEXT PRIMARY KEY,
    office_id   INTEGER NOT NULL REFERENCES offices (id),
    expires_at  INTEGER NOT NULL,            -- Unix seconds
    used_by     TEXT,                        -- the device that used it
    used_at     INTEGER
) STRICT;

ALTER TABLE devices ADD COLUMN enrolled_at INTEGER;
