-- A dossier's life after reception (motcua_domain::lifecycle). `status`, `appointment_at`
-- and these columns mirror `lifecycle`, for indexed lists; `data` stays the record as
-- received (the receipt reprints from it).
ALTER TABLE dossiers ADD COLUMN due_at TEXT;          -- deadline in force, office local time
ALTER TABLE dossiers ADD COLUMN resolved_at TEXT;     -- result ready, refused or stopped
ALTER TABLE dossiers ADD COLUMN timeliness TEXT;      -- early | on_time | late, once resolved
ALTER TABLE dossiers ADD COLUMN closed_at TEXT;       -- returned, refused, stopped or withdrawn
ALTER TABLE dossiers ADD COLUMN lifecycle TEXT CHECK (lifecycle IS NULL OR json_valid(lifecycle));
UPDATE dossiers SET due_at = appointment_at;

-- The late and due-soon lists read only the dossiers still the office's to resolve.
CREATE INDEX dossiers_open_by_due ON dossiers (due_at) WHERE status IN ('received', 'in_processing');
-- The monthly report reads the dossiers resolved or ended in its month through these.
CREATE INDEX dossiers_resolved ON dossiers (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX dossiers_closed ON dossiers (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX dossiers_unresolved ON dossiers (status) WHERE resolved_at IS NULL AND closed_at IS NULL;

-- Each step of each dossier, in the order applied: the process-control sheet (form 06).
CREATE TABLE dossier_steps (
    dossier_id TEXT NOT NULL REFERENCES dossiers (id),
    kind       TEXT NOT NULL,                 -- motcua_domain::lifecycle::Step::kind
    at         TEXT NOT NULL,                 -- office local time
    by_user    TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    step       TEXT NOT NULL CHECK (json_valid(step))
) STRICT;
CREATE INDEX dossier_steps_by_dossier ON dossier_steps (dossier_id);
