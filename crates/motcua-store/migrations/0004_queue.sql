-- The office queue, on the PC that hosts it (the office hub). Written only through ops like
-- every table: each ticket op carries the whole ticket, so replaying ops rebuilds these rows.
CREATE TABLE queue_services (
    prefix   TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE queue_counters (
    number   INTEGER PRIMARY KEY,
    open     INTEGER NOT NULL,
    services TEXT NOT NULL CHECK (json_valid(services))
) STRICT;

CREATE TABLE queue_tickets (
    id             TEXT PRIMARY KEY,
    day            TEXT NOT NULL,                 -- office local date, YYYY-MM-DD
    service        TEXT NOT NULL,
    issued_service TEXT NOT NULL,
    number         INTEGER NOT NULL,
    priority       INTEGER NOT NULL,              -- 1 when in a priority group
    state          TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show')),
    counter        INTEGER,
    for_counter    INTEGER,
    ordering       INTEGER NOT NULL,
    record         TEXT NOT NULL CHECK (json_valid(record)),
    UNIQUE (day, issued_service, number)
) STRICT;
-- Every read of the writer's hot path has its own index, so a command costs the same with
-- ten tickets waiting or two thousand (the queue benchmark measures it).
-- "Gọi tiếp": the first waiting ticket of a service, priority first, then issue order.
CREATE INDEX queue_waiting ON queue_tickets (day, service, priority DESC, ordering) WHERE state = 'waiting';
-- Tickets transferred to one counter.
CREATE INDEX queue_waiting_for_counter ON queue_tickets (day, for_counter, priority DESC, ordering)
    WHERE state = 'waiting' AND for_counter IS NOT NULL;
CREATE INDEX queue_at_counter ON queue_tickets (day, counter) WHERE state IN ('called', 'serving');
-- The day's issue order (the next ticket's place).
CREATE INDEX queue_day_order ON queue_tickets (day, ordering);
-- Recent service times of a service (the wait estimate on each new ticket).
CREATE INDEX queue_finished ON queue_tickets (day, service, ordering) WHERE state = 'finished';
