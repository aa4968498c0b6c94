-- The supervisor's dashboard reads counters, not dossiers: per day, procedure and receiving
-- clerk, how many dossiers were received, resolved early / on time / late, or ended otherwise
-- (refused, stopped, withdrawn) that day. Triggers on `dossiers` keep them, so every way a
-- dossier row changes (a step here, a pulled step, a rebuild after a refusal) moves the same
-- counters in the same transaction; a month is a sum over about thirty days of rows.
CREATE TABLE dossier_counts (
    day              TEXT NOT NULL,              -- office local date of the event
    procedure_code   TEXT NOT NULL,
    received_by      TEXT NOT NULL,              -- dossiers.received_by
    received         INTEGER NOT NULL DEFAULT 0,
    resolved_early   INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late    INTEGER NOT NULL DEFAULT 0,
    ended_otherwise  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, procedure_code, received_by)
) STRICT, WITHOUT ROWID;

-- A dossier's end: the day of its result (by timeliness) or of its refusal, stop or
-- withdrawal, as the monthly report counts it (coalesce(resolved_at, closed_at)).
CREATE TRIGGER dossier_counts_insert AFTER INSERT ON dossiers BEGIN
    INSERT INTO dossier_counts (day, procedure_code, received_by, received) VALUES (NEW.received_day, NEW.procedure_code, NEW.received_by, 1)
        ON CONFLICT DO UPDATE SET received = received + 1;
    INSERT INTO dossier_counts (day, procedure_code, received_by, resolved_early, resolved_on_time, resolved_late, ended_otherwise)
        SELECT substr(coalesce(NEW.resolved_at, NEW.closed_at), 1, 10), NEW.procedure_code, NEW.received_by,
               NEW.timeliness IS 'early', NEW.timeliness IS 'on_time', NEW.timeliness IS 'late', NEW.timeliness IS NULL
        WHERE coalesce(NEW.resolved_at, NEW.closed_at) IS NOT NULL
        ON CONFLICT DO UPDATE SET resolved_early = resolved_early + excluded.resolved_early,
            resolved_on_time = resolved_on_time + excluded.resolved_on_time,
            resolved_late = resolved_late + excluded.resolved_late, ended_otherwise = ended_otherwise + excluded.ended_otherwise;
END;

-- Changing what a dossier is counted under (never done today; kept right if it ever is).
CREATE TRIGGER dossier_counts_received_moved AFTER UPDATE OF received_day, procedure_code, received_by ON dossiers
WHEN OLD.received_day IS NOT NEW.received_day OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.received_by IS NOT NEW.received_by
BEGIN
    UPDATE dossier_counts SET received = received - 1
        WHERE day = OLD.received_day AND procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
    INSERT INTO dossier_counts (day, procedure_code, received_by, received) VALUES (NEW.received_day, NEW.procedure_code, NEW.received_by, 1)
        ON CONFLICT DO UPDATE SET received = received + 1;
END;

-- A step that ends a dossier, or a rebuild that takes the end back: the old end out, the new in.
CREATE TRIGGER dossier_counts_end_moved AFTER UPDATE OF resolved_at, closed_at, timeliness, procedure_code, received_by ON dossiers
WHEN coalesce(OLD.resolved_at, OLD.closed_at) IS NOT coalesce(NEW.resolved_at, NEW.closed_at) OR OLD.timeliness IS NOT NEW.timeliness
  OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.received_by IS NOT NEW.received_by
BEGIN
    UPDATE dossier_counts SET resolved_early = resolved_early - (OLD.timeliness IS 'early'),
            resolved_on_time = resolved_on_time - (OLD.timeliness IS 'on_time'),
            resolved_late = resolved_late - (OLD.timeliness IS 'late'), ended_otherwise = ended_otherwise - (OLD.timeliness IS NULL)
        WHERE coalesce(OLD.resolved_at, OLD.closed_at) IS NOT NULL
          AND day = substr(coalesce(OLD.resolved_at, OLD.closed_at), 1, 10) AND procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
    INSERT INTO dossier_counts (day, procedure_code, received_by, resolved_early, resolved_on_time, resolved_late, ended_otherwise)
        SELECT substr(coalesce(NEW.resolved_at, NEW.closed_at), 1, 10), NEW.procedure_code, NEW.received_by,
               NEW.timeliness IS 'early', NEW.timeliness IS 'on_time', NEW.timeliness IS 'late', NEW.timeliness IS NULL
        WHERE coalesce(NEW.resolved_at, NEW.closed_at) IS NOT NULL
        ON CONFLICT DO UPDATE SET resolved_early = resolved_early + excluded.resolved_early,
            resolved_on_time = resolved_on_time + excluded.resolved_on_time,
            resolved_late = resolved_late + excluded.resolved_late, ended_otherwise = ended_otherwise + excluded.ended_otherwise;
END;

CREATE TRIGGER dossier_counts_delete AFTER DELETE ON dossiers BEGIN
    UPDATE dossier_counts SET received = received - 1
        WHERE day = OLD.received_day AND procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
    UPDATE dossier_counts SET resolved_early = resolved_early - (OLD.timeliness IS 'early'),
            resolved_on_time = resolved_on_time - (OLD.timeliness IS 'on_time'),
            resolved_late = resolved_late - (OLD.timeliness IS 'late'), ended_otherwise = ended_otherwise - (OLD.timeliness IS NULL)
        WHERE coalesce(OLD.resolved_at, OLD.closed_at) IS NOT NULL
          AND day = substr(coalesce(OLD.resolved_at, OLD.closed_at), 1, 10) AND procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
END;

-- The counters of the dossiers already here.
INSERT INTO dossier_counts (day, procedure_code, received_by, received)
    SELECT received_day, procedure_code, received_by, count(*) FROM dossiers GROUP BY 1, 2, 3;
INSERT INTO dossier_counts (day, procedure_code, received_by, resolved_early, resolved_on_time, resolved_late, ended_otherwise)
    SELECT substr(coalesce(resolved_at, closed_at), 1, 10), procedure_code, received_by, sum(timeliness IS 'early'),
           sum(timeliness IS 'on_time'), sum(timeliness IS 'late'), sum(timeliness IS NULL)
    FROM dossiers WHERE coalesce(resolved_at, closed_at) IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT DO UPDATE SET resolved_early = resolved_early + excluded.resolved_early,
        resolved_on_time = resolved_on_time + excluded.resolved_on_time,
        resolved_late = resolved_late + excluded.resolved_late, ended_otherwise = ended_otherwise + excluded.ended_otherwise;

-- Dossiers still the office's to resolve (neither resolved nor ended), per procedure and
-- receiving clerk: the dashboard's "pending" without counting the open dossiers one by one.
CREATE TABLE dossier_open_counts (
    procedure_code TEXT NOT NULL,
    received_by    TEXT NOT NULL,
    open           INTEGER NOT NULL,
    PRIMARY KEY (procedure_code, received_by)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER dossier_open_counts_insert AFTER INSERT ON dossiers
WHEN NEW.resolved_at IS NULL AND NEW.closed_at IS NULL BEGIN
    INSERT INTO dossier_open_counts VALUES (NEW.procedure_code, NEW.received_by, 1)
        ON CONFLICT DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER dossier_open_counts_update AFTER UPDATE OF resolved_at, closed_at, procedure_code, received_by ON dossiers
WHEN (OLD.resolved_at IS NULL AND OLD.closed_at IS NULL) IS NOT (NEW.resolved_at IS NULL AND NEW.closed_at IS NULL)
  OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.received_by IS NOT NEW.received_by
BEGIN
    UPDATE dossier_open_counts SET open = open - 1
        WHERE OLD.resolved_at IS NULL AND OLD.closed_at IS NULL AND procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
    INSERT INTO dossier_open_counts SELECT NEW.procedure_code, NEW.received_by, 1
        WHERE NEW.resolved_at IS NULL AND NEW.closed_at IS NULL
        ON CONFLICT DO UPDATE SET open = open + 1;
END;

CREATE TRIGGER dossier_open_counts_delete AFTER DELETE ON dossiers
WHEN OLD.resolved_at IS NULL AND OLD.closed_at IS NULL BEGIN
    UPDATE dossier_open_counts SET open = open - 1 WHERE procedure_code = OLD.procedure_code AND received_by = OLD.received_by;
END;

INSERT INTO dossier_open_counts
    SELECT procedure_code, received_by, count(*) FROM dossiers WHERE resolved_at IS NULL AND closed_at IS NULL GROUP BY 1, 2;

-- Satisfaction ratings: one per service (a ticket or a dossier), linked to the clerk who gave
-- it and the procedure; no personal data.
CREATE TABLE ratings (
    id             TEXT PRIMARY KEY,              -- UUIDv7
    service_key    TEXT NOT NULL UNIQUE,          -- motcua_domain::satisfaction::RatedService::key
    at             TEXT NOT NULL,                 -- office local time
    day            TEXT NOT NULL,
    level          TEXT NOT NULL,                 -- very_satisfied | satisfied | dissatisfied
    clerk_id       TEXT NOT NULL,
    procedure_code TEXT NOT NULL,                 -- '' when the service had no dossier
    data           TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX ratings_by_day ON ratings (day);
