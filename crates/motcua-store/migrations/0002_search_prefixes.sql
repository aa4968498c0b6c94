-- Faster search, measured at 1,000,000 dossiers (see ARCHITECTURE.md, "Search"):
--
-- 1. Name type-ahead: prefix indexes up to 7 characters, so the words clerks type
--    ("nguyen", "thi h") are looked up in a prefix index instead of merging every
--    term that starts with them.
-- 2. Digits (ID number, phone, code tail): a second contentless FTS5 table holding
--    those keys as tokens. A B-tree range scan per column has to sort every match to
--    return the newest; FTS5 walks one doclist newest-first and stops at the limit.
--    `detail=none`: only which rows hold a token is needed, not where in the row.

DROP TABLE dossier_names;
CREATE VIRTUAL TABLE dossier_names USING fts5 (
    name_folded,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6 7'
);
INSERT INTO dossier_names (rowid, name_folded) SELECT rowid, name_folded FROM dossiers;

-- keys = "id_number phone_digits code_tail"; '-' is part of a token so "261123-0007"
-- stays one token and "261123-00" finds it by prefix.
CREATE VIRTUAL TABLE dossier_keys USING fts5 (
    keys,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '-'",
    prefix = '1 2 3 4 5 6 7 8 9 10 11'
);
INSERT INTO dossier_keys (rowid, keys)
    SELECT rowid, id_number || ' ' || phone_digits || ' ' || code_tail FROM dossiers;
