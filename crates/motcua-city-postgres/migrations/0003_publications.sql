-- What the city publishes itself (catalog, holidays, staff accounts), as ops of the city's
-- own publisher, in a stream of their own: `seq` orders it, apart from the devices' ops.
CREATE TABLE city_publisher (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,
    last_hlc  TEXT NOT NULL
);

CREATE TABLE city_ops (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    office_id  BIGINT REFERENCES offices (id),   -- NULL: for every office
    device_id  TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    JSONB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX city_ops_office ON city_ops (office_id, seq);
