-- The dashboard's queue and satisfaction figures from indexes alone (the dashboard benchmark
-- found both reading every row of the period: each ticket's JSON, each rating's).
--
-- A ticket's wait (issued → called) and service time (called → finished) in minutes, as
-- virtual columns computed from its record, and an index that holds them: the period's
-- figures are a range of that index, no JSON read per ticket at query time.
ALTER TABLE queue_tickets ADD COLUMN wait_minutes REAL GENERATED ALWAYS AS
    ((julianday(json_extract(record, '$.called_at')) - julianday(json_extract(record, '$.issued_at'))) * 1440) VIRTUAL;
ALTER TABLE queue_tickets ADD COLUMN service_minutes REAL GENERATED ALWAYS AS
    ((julianday(json_extract(record, '$.finished_at')) - julianday(json_extract(record, '$.called_at'))) * 1440) VIRTUAL;
CREATE INDEX queue_day_figures ON queue_tickets (day, state, wait_minutes, service_minutes);

-- Ratings by day with what the dashboard groups them by.
DROP INDEX ratings_by_day;
CREATE INDEX ratings_by_day ON ratings (day, procedure_code, clerk_id, level);
