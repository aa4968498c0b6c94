-- Secrets of this PC only (its queue-hub key): written outside the op log on purpose, so they
-- are never synced, never in an op's payload, and never leave this file.
CREATE TABLE device_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
