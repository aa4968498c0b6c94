-- Office-wide settings that are not part of the first-run profile, one JSON value per key:
-- 'papers' (form set, look-up URL template). Written only through ops, like every table.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
