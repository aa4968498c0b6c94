//! Vietnamese text: stored in NFC, searched without diacritics.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises to NFC, the form every string is stored in. Input from a scanner or a
/// macOS/Windows IME may arrive decomposed (NFD); stored text must compare equal to typed text.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Normalises to NFC and trims, collapsing inner runs of whitespace to one space.
pub fn clean(s: &str) -> String {
    nfc(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The search key of a text: lower case, no diacritics, `đ` folded to `d`.
///
/// SQLite's `unicode61 remove_diacritics` leaves `đ`/`Đ` alone (it is a letter of its own,
/// not a `d` with a combining mark), so "Đức" would not match "duc". Every search column and
/// every query goes through this one function so both sides fold the same way.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Splits a folded text into search words (letters and digits only).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_marks_and_d_stroke() {
        assert_eq!(fold("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(fold("ĐẶNG THỊ HƯỜNG"), "dang thi huong");
    }

    #[test]
    fn nfd_input_is_stored_as_nfc() {
        let nfd = "Nguye\u{0302}\u{0303}n";
        assert_eq!(nfc(nfd), "Nguyễn");
        assert_eq!(fold(nfd), "nguyen");
    }

    #[test]
    fn clean_collapses_spaces() {
        assert_eq!(clean("  Trần   Thị\tLan "), "Trần Thị Lan");
    }
}
