-- Letters that go by email too (the apology for a late dossier): one row per letter, made by
-- its `mail.queued` op and marked by its `mail.sent` op. The attempts before it went are this
-- PC's bookkeeping (like sync_state), outside the op log: a failure is shown and retried.
CREATE TABLE mail_outbox (
    id                 TEXT PRIMARY KEY,
    dossier_code       TEXT NOT NULL,
    recipient          TEXT NOT NULL,
    reason             TEXT NOT NULL,
    new_appointment_at TEXT NOT NULL,
    queued_at          TEXT NOT NULL,
    sent_at            TEXT,
    attempts           INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT,
    next_attempt_at    TEXT
) STRICT;

CREATE INDEX mail_outbox_waiting ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_dossier ON mail_outbox (dossier_code);
