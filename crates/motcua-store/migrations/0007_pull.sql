-- Which op last set each record the office's PCs share (a procedure, a staff account, a
-- year's holidays, the form set). A pulled op older than it (by hybrid logical clock, then
-- device id) loses: it is kept in the op log, not applied. Filled from this PC's own log.
CREATE TABLE entity_versions (
    entity    TEXT PRIMARY KEY,
    hlc       TEXT NOT NULL,
    device_id TEXT NOT NULL,
    op_id     TEXT NOT NULL
) STRICT;

INSERT INTO entity_versions (entity, hlc, device_id, op_id)
SELECT entity, hlc, device_id, id FROM (
    SELECT entity, hlc, device_id, id,
           row_number() OVER (PARTITION BY entity ORDER BY hlc DESC, device_id DESC) AS newest
    FROM (
        SELECT CASE kind
                   WHEN 'procedure.upserted' THEN 'procedure:' || json_extract(payload, '$.code')
                   WHEN 'user.created' THEN 'user:' || json_extract(payload, '$.id')
                   WHEN 'calendar.exceptions_set' THEN 'calendar:' || json_extract(payload, '$.year')
                   WHEN 'settings.papers_set' THEN 'papers'
               END AS entity, hlc, device_id, id
        FROM ops
        WHERE kind IN ('procedure.upserted', 'user.created', 'calendar.exceptions_set', 'settings.papers_set')
    )
)
WHERE newest = 1 AND entity IS NOT NULL;

-- Pulled ops kept in the log but not applied, and why: an older edit of a record (the
-- newer one won), a clash (a dossier code taken), a kind this version does not know.
CREATE TABLE pulled_not_applied (
    op_id  TEXT PRIMARY KEY REFERENCES ops (id),
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
) STRICT;

-- The newest clock seen on a pulled op: this PC's next op is after it, even after a restart.
ALTER TABLE sync_state ADD COLUMN observed_hlc TEXT;
