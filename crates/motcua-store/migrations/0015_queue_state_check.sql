-- A ticket's state is checked by comparisons joined with OR instead of `state IN (...)` (0004).
-- For the IN list SQLite built a temporary b-tree of the five states each time it wrote a
-- ticket, and the office hub writes two tickets per call: with the ORDER BY of the counter's
-- current ticket (fixed in the code), temporary b-trees were a seventh of the queue writer's
-- instructions per call (callgrind). The record loses its json_valid CHECK, another 4%: only
-- the store writes it, serialized from a ticket, and every read parses it. A CHECK cannot be
-- altered in place, so the table is rebuilt the way SQLite documents, with the same columns,
-- rows and indexes.
CREATE TABLE queue_tickets_new (
    id              TEXT PRIMARY KEY,
    day             TEXT NOT NULL,                -- office local date, YYYY-MM-DD
    service         TEXT NOT NULL,
    issued_service  TEXT NOT NULL,
    number          INTEGER NOT NULL,
    priority        INTEGER NOT NULL,             -- 1 when in a priority group
    state           TEXT NOT NULL CHECK (state = 'waiting' OR state = 'called' OR state = 'serving'
                                         OR state = 'finished' OR state = 'no_show'),
    counter         INTEGER,
    for_counter     INTEGER,
    ordering        INTEGER NOT NULL,
    record          TEXT NOT NULL,                -- the ticket's JSON
    wait_minutes    REAL,                         -- issued → called
    service_minutes REAL,                         -- called → finished
    UNIQUE (day, issued_service, number)
) STRICT;
INSERT INTO queue_tickets_new (id, day, service, issued_service, number, priority, state, counter, for_counter,
                               ordering, record, wait_minutes, service_minutes)
    SELECT id, day, service, issued_service, number, priority, state, counter, for_counter,
           ordering, record, wait_minutes, service_minutes
    FROM queue_tickets;
DROP TABLE queue_tickets;
ALTER TABLE queue_tickets_new RENAME TO queue_tickets;
CREATE INDEX queue_waiting ON queue_tickets (day, service, priority DESC, ordering) WHERE state = 'waiting';
CREATE INDEX queue_waiting_for_counter ON queue_tickets (day, for_counter, priority DESC, ordering)
    WHERE state = 'waiting' AND for_counter IS NOT NULL;
CREATE INDEX queue_at_counter ON queue_tickets (day, counter) WHERE state IN ('called', 'serving');
CREATE INDEX queue_day_order ON queue_tickets (day, ordering);
CREATE INDEX queue_finished ON queue_tickets (day, service, ordering) WHERE state = 'finished';
CREATE INDEX queue_day_figures ON queue_tickets (day, state, wait_minutes, service_minutes);
