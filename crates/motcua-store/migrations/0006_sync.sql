-- This PC's sync bookkeeping, outside the op log on purpose: recording a sync as an op would
-- make one more op to sync, for ever.
CREATE TABLE sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    pull_cursor  TEXT,             -- opaque, from the city server
    last_push_at TEXT,             -- UTC RFC 3339: the server had every op this PC had made
    last_pull_at TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Ops the city server refused, with its reason: shown to the admin. They count as sent (the
-- ops behind them went on); nothing else records them.
CREATE TABLE sync_rejections (
    op_id   TEXT PRIMARY KEY REFERENCES ops (id),
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;
