-- A ticket's wait and service minutes become plain columns that the store writes with the
-- ticket, instead of virtual columns computed from its JSON record (0011). The hub writes a
-- ticket on every call, and SQLite computed those columns for the old and the new row of each
-- update to move the ticket in queue_day_figures: four json_extract and four julianday calls,
-- about a tenth of the queue writer's time per call (perf, under the queue benchmark).
-- The dashboard reads the same columns and index as before.
DROP INDEX queue_day_figures;
ALTER TABLE queue_tickets DROP COLUMN wait_minutes;
ALTER TABLE queue_tickets DROP COLUMN service_minutes;
ALTER TABLE queue_tickets ADD COLUMN wait_minutes REAL;
ALTER TABLE queue_tickets ADD COLUMN service_minutes REAL;
UPDATE queue_tickets SET
    wait_minutes = (julianday(json_extract(record, '$.called_at')) - julianday(json_extract(record, '$.issued_at'))) * 1440,
    service_minutes = (julianday(json_extract(record, '$.finished_at')) - julianday(json_extract(record, '$.called_at'))) * 1440;
CREATE INDEX queue_day_figures ON queue_tickets (day, state, wait_minutes, service_minutes);
