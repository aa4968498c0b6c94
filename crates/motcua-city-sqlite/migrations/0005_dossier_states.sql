-- Each office's dossiers as their steps left them (motcua_city_db::dossiers): a pushed step is
-- checked against this state. `lifecycle` is NULL until the first step (as received, due at
-- `due_at`).
CREATE TABLE dossier_states (
    dossier_id TEXT PRIMARY KEY,
    office_id  INTEGER NOT NULL REFERENCES offices (id),
    code       TEXT NOT NULL,
    status     TEXT NOT NULL,
    due_at     TEXT NOT NULL,                -- office local time, YYYY-MM-DDTHH:MM:SS
    lifecycle  TEXT CHECK (lifecycle IS NULL OR json_valid(lifecycle))
) STRICT;
CREATE INDEX dossier_states_office ON dossier_states (office_id, status, due_at);

INSERT OR IGNORE INTO dossier_states (dossier_id, office_id, code, status, due_at)
SELECT json_extract(payload, '$.id'), office_id, json_extract(payload, '$.code'), 'received',
       json_extract(payload, '$.appointment_at')
FROM ops WHERE kind = 'dossier.received' ORDER BY seq;
