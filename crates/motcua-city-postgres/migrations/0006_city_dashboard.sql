-- The city's dashboard across offices (motcua_city_db::dashboard) reads indexed columns kept
-- at ingest, never a lifecycle or a payload per view: the day each dossier was received, the
-- day it ended and how (early, on_time, late, other: the monthly report's definitions), each
-- rating's day and level, each feedback item's day, deadline and answer.
ALTER TABLE dossier_states ADD COLUMN received_on TEXT;   -- YYYY-MM-DD, office local
ALTER TABLE dossier_states ADD COLUMN ended_on TEXT;      -- day of coalesce(resolved_at, closed_at)
ALTER TABLE dossier_states ADD COLUMN outcome TEXT CHECK (outcome IN ('early', 'on_time', 'late', 'other'));

UPDATE dossier_states SET received_on = r.day
FROM (SELECT payload->>'id' AS id, substr(payload->>'received_at', 1, 10) AS day
      FROM ops WHERE kind = 'dossier.received') AS r
WHERE r.id = dossier_states.dossier_id;

UPDATE dossier_states
SET ended_on = substr(coalesce(lifecycle->>'resolved_at', lifecycle->>'closed_at'), 1, 10),
    outcome = coalesce(lifecycle->>'timeliness', 'other')
WHERE coalesce(lifecycle->>'resolved_at', lifecycle->>'closed_at') IS NOT NULL;

CREATE INDEX dossier_states_received ON dossier_states (received_on, office_id);
CREATE INDEX dossier_states_ended ON dossier_states (ended_on, office_id, outcome) WHERE ended_on IS NOT NULL;
CREATE INDEX dossier_states_open ON dossier_states (office_id, status, due_at) WHERE ended_on IS NULL;

CREATE TABLE city_ratings (
    rating_id TEXT PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES offices (id),
    day       TEXT NOT NULL,                  -- YYYY-MM-DD, office local
    level     TEXT NOT NULL
);
CREATE INDEX city_ratings_day ON city_ratings (day, office_id, level);

CREATE TABLE city_feedback (
    feedback_id TEXT PRIMARY KEY,
    office_id   BIGINT NOT NULL REFERENCES offices (id),
    received_on TEXT NOT NULL,                -- YYYY-MM-DD
    deadline_at TEXT NOT NULL,                -- YYYY-MM-DDTHH:MM:SS, office local
    answered_at TEXT
);
CREATE INDEX city_feedback_received ON city_feedback (received_on, office_id);
CREATE INDEX city_feedback_answered ON city_feedback (answered_at, office_id, deadline_at) WHERE answered_at IS NOT NULL;
CREATE INDEX city_feedback_open ON city_feedback (office_id, deadline_at) WHERE answered_at IS NULL;

INSERT INTO city_ratings (rating_id, office_id, day, level)
SELECT payload->>'id', office_id, substr(payload->>'at', 1, 10), payload->'draft'->>'level'
FROM ops WHERE kind = 'rating.recorded'
ON CONFLICT DO NOTHING;

INSERT INTO city_feedback (feedback_id, office_id, received_on, deadline_at)
SELECT payload->>'id', office_id, substr(payload->>'received_at', 1, 10), payload->>'deadline_at'
FROM ops WHERE kind = 'feedback.received'
ON CONFLICT DO NOTHING;

UPDATE city_feedback SET answered_at = a.at
FROM (SELECT payload->>'feedback_id' AS id, max(payload->>'at') AS at
      FROM ops WHERE kind = 'feedback.action' AND payload->>'action' = 'answer' GROUP BY 1) AS a
WHERE a.id = city_feedback.feedback_id;
