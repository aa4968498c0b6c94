-- What the city publishes itself (catalog, holidays, staff accounts), as ops of the city's
-- own publisher, in a stream of their own: `seq` orders it, apart from the devices' ops.
CREATE TABLE city_publisher (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,                 -- a UUID made once, when this table is created
    last_hlc  TEXT NOT NULL
) STRICT;

CREATE TABLE city_ops (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    office_id  INTEGER REFERENCES offices (id),  -- NULL: for every office
    device_id  TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX city_ops_office ON city_ops (office_id, seq);
