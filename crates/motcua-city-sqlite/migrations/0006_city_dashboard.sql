-- The city's dashboard across offices (motcua_city_db::dashboard) reads indexed columns kept
-- at ingest, never a lifecycle or a payload per view: the day each dossier was received, the
-- day it ended and how (early, on_time, late, other: the monthly report's definitions), each
-- rating's day and level, each feedback item's day, deadline and answer.
ALTER TABLE dossier_states ADD COLUMN received_on TEXT;   -- YYYY-MM-DD, office local
ALTER TABLE dossier_states ADD COLUMN ended_on TEXT;      -- day of coalesce(resolved_at, closed_at)
ALTER TABLE dossier_states ADD COLUMN outcome TEXT CHECK (outcome IN ('early', 'on_time', 'late', 'other'));

UPDATE dossier_states SET received_on = r.day
FROM (SELECT json_extract(payload, '$.id') AS id, substr(json_extract(payload, '$.received_at'), 1, 10) AS day
      FROM ops WHERE kind = 'dossier.received') AS r
WHERE r.id = dossier_states.dossier_id;

UPDATE dossier_states
SET ended_on = substr(coalesce(json_extract(lifecycle, '$.resolved_at'), json_extract(lifecycle, '$.closed_at')), 1, 10),
    outcome = coalesce(json_extract(lifecycle, '$.timeliness'), 'other')
WHERE coalesce(json_extract(lifecycle, '$.resolved_at'), json_extract(lifecycle, '$.closed_at')) IS NOT NULL;

CREATE INDEX dossier_states_received ON dossier_states (received_on, office_id);
CREATE INDEX dossier_states_ended ON dossier_states (ended_on, office_id, outcome) WHERE ended_on IS NOT NULL;
CREATE INDEX dossier_states_open ON dossier_states (office_id, status, due_at) WHERE ended_on IS NULL;

CREATE TABLE city_ratings (
    rating_id TEXT PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices (id),
    day       TEXT NOT NULL,                  -- YYYY-MM-DD, office local
    level     TEXT NOT NULL
) STRICT;
CREATE INDEX city_ratings_day ON city_ratings (day, office_id, level);

CREATE TABLE city_feedback (
    feedback_id TEXT PRIMARY KEY,
    office_id   INTEGER NOT NULL REFERENCES offices (id),
    received_on TEXT NOT NULL,                -- YYYY-MM-DD
    deadline_at TEXT NOT NULL,                -- YYYY-MM-DDTHH:MM:SS, office local
    answered_at TEXT
) STRICT;
CREATE INDEX city_feedback_received ON city_feedback (received_on, office_id);
CREATE INDEX city_feedback_answered ON city_feedback (answered_at, office_id, deadline_at) WHERE answered_at IS NOT NULL;
CREATE INDEX city_feedback_open ON city_feedback (office_id, deadline_at) WHERE answered_at IS NULL;

INSERT OR IGNORE INTO city_ratings (rating_id, office_id, day, level)
SELECT json_extract(payload, '$.id'), office_id, substr(json_extract(payload, '$.at'), 1, 10),
       json_extract(payload, '$.draft.level')
FROM ops WHERE kind = 'rating.recorded';

INSERT OR IGNORE INTO city_feedback (feedback_id, office_id, received_on, deadline_at)
SELECT json_extract(payload, '$.id'), office_id, substr(json_extract(payload, '$.received_at'), 1, 10),
       json_extract(payload, '$.deadline_at')
FROM ops WHERE kind = 'feedback.received';

UPDATE city_feedback SET answered_at = a.at
FROM (SELECT json_extract(payload, '$.feedback_id') AS id, max(json_extract(payload, '$.at')) AS at
      FROM ops WHERE kind = 'feedback.action' AND json_extract(payload, '$.action') = 'answer' GROUP BY 1) AS a
WHERE a.id = city_feedback.feedback_id;
