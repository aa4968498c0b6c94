-- Feedback and recommendations (phản ánh, kiến nghị): each item as received (`data`), its
-- state in columns for the lists, and every action taken on it in order.
CREATE TABLE feedback (
    id             TEXT PRIMARY KEY,              -- UUIDv7
    number         TEXT NOT NULL UNIQUE,          -- PAKN-2026-02-0001: year, counter, sequence
    device_id      TEXT NOT NULL,
    year           INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    channel        TEXT NOT NULL,
    type_key       TEXT NOT NULL,
    status         TEXT NOT NULL,                 -- received | assigned | answered | published
    received_at    TEXT NOT NULL,                 -- office local time
    deadline_at    TEXT NOT NULL,
    assignee_id    TEXT,
    assignee_name  TEXT,
    answered_at    TEXT,
    published_at   TEXT,
    dossier_code   TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    data           TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (device_id, year, seq)
) STRICT;
CREATE INDEX feedback_open_by_deadline ON feedback (deadline_at) WHERE status IN ('received', 'assigned');
CREATE INDEX feedback_received ON feedback (received_at);
CREATE INDEX feedback_answered ON feedback (answered_at) WHERE answered_at IS NOT NULL;

CREATE TABLE feedback_actions (
    feedback_id TEXT NOT NULL REFERENCES feedback (id),
    action      TEXT NOT NULL,                    -- assign | answer | publish
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    by_name     TEXT NOT NULL,
    data        TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX feedback_actions_by_item ON feedback_actions (feedback_id);
