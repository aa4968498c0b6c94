//! Finding a dossier by code, ID number, phone, or applicant name with or without diacritics.
//!
//! Each kind of query uses an index and returns newest first with a limit; nothing is ranked
//! (bm25 over a common name like "nguyen" costs hundreds of milliseconds at a million rows,
//! too slow for type-ahead).

use rusqlite::params;

use motcua_domain::text;

use crate::db::Store;
use crate::dossiers::{DossierSummary, SUMMARY_COLUMNS, summary_row};
use crate::error::StoreError;

/// What a query looks like, which decides the index it is looked up in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    /// Digits only: an ID number, a phone number, or the tail of a code (`261123-0007`).
    Digits(String),
    /// A dossier code or its tail: digits and letters with `-` or `.`.
    Code(String),
    /// Anything else: words of a name, folded.
    Name(Vec<String>),
}

pub fn classify(query: &str) -> Option<QueryKind> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.bytes().all(|b| b.is_ascii_digit()) {
        return Some(QueryKind::Digits(compact));
    }
    if compact.contains(['-', '.'])
        && compact.bytes().any(|b| b.is_ascii_digit())
        && compact.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Some(QueryKind::Code(compact.to_uppercase()));
    }
    let folded = text::fold(q);
    let words: Vec<String> = text::words(&folded).map(str::to_owned).collect();
    (!words.is_empty()).then_some(QueryKind::Name(words))
}

/// The smallest string greater than every string starting with `prefix` (for index ranges).
fn prefix_end(prefix: &str) -> String {
    let mut s = prefix.to_owned();
    s.push(char::MAX);
    s
}

impl Store {
    /// Up to `limit` dossiers matching `query`, newest first.
    pub fn search_dossiers(&self, query: &str, limit: usize) -> Result<Vec<DossierSummary>, StoreError> {
        let limit = limit as i64;
        let Some(kind) = classify(query) else { return Ok(Vec::new()) };
        let rows = match kind {
            QueryKind::Digits(digits) => {
                // ID number, phone and code tail are tokens of `dossier_keys`: one prefix
                // lookup, walked newest first, stopping at the limit.
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers d
                     WHERE d.rowid IN (SELECT rowid FROM dossier_keys WHERE dossier_keys MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
                     ORDER BY d.rowid DESC"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(params![format!("\"{digits}\"*"), limit], summary_row)?.collect::<Result<Vec<_>, _>>()?
            }
            QueryKind::Code(code) => {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers d WHERE d.rowid IN (
                         SELECT rowid FROM dossiers WHERE code >= ?1 AND code < ?2
                         UNION SELECT rowid FROM dossiers WHERE code_tail >= ?1 AND code_tail < ?2)
                     ORDER BY d.rowid DESC LIMIT ?3"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(params![code, prefix_end(&code), limit], summary_row)?.collect::<Result<Vec<_>, _>>()?
            }
            QueryKind::Name(words) => {
                // Every word a prefix: "ng v d" finds "Nguyễn Văn Đức" while typing.
                let expr = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers d
                     WHERE d.rowid IN (SELECT rowid FROM dossier_names WHERE dossier_names MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
                     ORDER BY d.rowid DESC"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                stmt.query_map(params![expr, limit], summary_row)?.collect::<Result<Vec<_>, _>>()?
            }
        };
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_queries() {
        assert_eq!(classify("0012 0300 1234"), Some(QueryKind::Digits("001203001234".into())));
        assert_eq!(classify("000.00.21.h26-261123-0007"), Some(QueryKind::Code("000.00.21.H26-261123-0007".into())));
        assert_eq!(classify("261123-0007"), Some(QueryKind::Code("261123-0007".into())));
        assert_eq!(classify("Đặng Văn"), Some(QueryKind::Name(vec!["dang".into(), "van".into()])));
        assert_eq!(classify("   "), None);
        assert_eq!(classify("-.-"), None);
    }
}
