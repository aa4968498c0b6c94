//! Form sets as versioned data (`assets/forms/*.json`): the law replaces forms by circular
//! (Thông tư 01/2018/TT-VPCP, then 03/2025/TT-VPCP), and a city picks its set. Code lays the
//! papers out; every caption a paper prints comes from here.

use std::collections::BTreeMap;

use serde::Deserialize;

use motcua_domain::papers::DossierForm;

use crate::error::PrintError;

#[derive(Debug, Clone, Deserialize)]
pub struct FormSet {
    /// `tt01-2018`, `tt03-2025`: what the admin picks and the office stores.
    pub id: String,
    /// The legal basis, as shown to the admin.
    pub name: String,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc".
    pub motto: [String; 2],
    pub receipt: ReceiptCaptions,
    /// Forms 02–05 by [`DossierForm::key`]; a set has only the ones its circular defines.
    pub letters: BTreeMap<String, LetterCaptions>,
    pub control_sheet: ControlSheetCaptions,
    pub log_book: LogBookCaptions,
}

/// Captions of form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
#[derive(Debug, Clone, Deserialize)]
pub struct ReceiptCaptions {
    pub form_number: String,
    pub title: String,
    /// With `{number}`: the paper's number in the office's log book.
    pub number_line: String,
    /// One caption per printed copy: who keeps it.
    pub copies: Vec<String>,
    pub reprint: String,
    pub code: String,
    pub office: String,
    pub applicant: String,
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub request: String,
    pub papers: String,
    pub sets: String,
    pub sets_unit: String,
    pub processing: String,
    pub received_at: String,
    pub return_at: String,
    pub return_to: String,
    /// With `{volume}` and `{entry}`.
    pub log_book: String,
    pub applicant_sign: String,
    pub officer_sign: String,
    pub sign_note: String,
    pub complaints: String,
    pub hotline: String,
    pub lookup: String,
}

/// Captions and sentences of a letter to the applicant (forms 02–05).
#[derive(Debug, Clone, Deserialize)]
pub struct LetterCaptions {
    pub form_number: String,
    pub title: String,
    /// With `{number}`.
    pub number_line: String,
    /// "Kính gửi: {applicant}"; empty for none.
    #[serde(default)]
    pub recipient: String,
    /// Paragraphs with `{placeholders}`; a paragraph that is exactly `{items}` is the numbered
    /// list of what to supplement, exactly `{reason}` the reason on its own lines.
    pub body: Vec<String>,
    pub signatures: Vec<SignatureCaptions>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SignatureCaptions {
    pub title: String,
    pub note: String,
    /// May hold `{officer}`; empty when the head of the office signs by hand.
    #[serde(default)]
    pub name: String,
}

/// Captions of the process-control sheet.
#[derive(Debug, Clone, Deserialize)]
pub struct ControlSheetCaptions {
    pub form_number: String,
    pub title: String,
    pub code: String,
    pub applicant: String,
    pub procedure: String,
    pub received_at: String,
    pub appointment_at: String,
    pub office: String,
    /// The table's four column headers.
    pub columns: Vec<String>,
    /// The first hand-off, from the reception desk: with `{office}` and `{officer}`.
    pub first_handoff: String,
    pub handoff: String,
    pub receive: String,
    /// A recorded hand-off: with `{unit}`, the unit that gives / receives it.
    pub give_to: String,
    pub receive_by: String,
    /// With `{time}`: the hand-off's own deadline.
    pub deadline: String,
    pub blank_time: String,
    pub sign_give: String,
    pub sign_receive: String,
    /// Hand-off rows printed.
    pub rows: usize,
}

/// Captions of the log book.
#[derive(Debug, Clone, Deserialize)]
pub struct LogBookCaptions {
    pub form_number: String,
    pub title: String,
    pub volume_line: String,
    pub period_line: String,
    pub columns: Vec<String>,
    pub total_line: String,
    pub empty: String,
}

/// One paper of a set, as the admin and the clerk see it listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FormEntry {
    pub form: DossierForm,
    /// "Mẫu số 02".
    pub number: String,
    pub title: String,
}

const SETS: [&str; 2] =
    [include_str!("../../../assets/forms/tt01-2018.json"), include_str!("../../../assets/forms/tt03-2025.json")];

pub use motcua_domain::papers::DEFAULT_FORM_SET;

impl FormSet {
    pub fn all() -> Vec<FormSet> {
        SETS.iter().map(|json| serde_json::from_str(json).expect("bundled form sets parse")).collect()
    }

    pub fn by_id(id: &str) -> Result<FormSet, PrintError> {
        Self::all().into_iter().find(|s| s.id == id).ok_or_else(|| PrintError::UnknownFormSet(id.to_owned()))
    }

    /// The captions of letter `form`, or why this set cannot print it.
    pub fn letter(&self, form: DossierForm) -> Result<&LetterCaptions, PrintError> {
        self.letters
            .get(form.key())
            .ok_or_else(|| PrintError::FormNotInSet { form: form.key().to_owned(), set: self.name.clone() })
    }

    /// The papers of this set that print for one dossier, in the set's numbering order.
    pub fn dossier_forms(&self) -> Vec<FormEntry> {
        let mut out: Vec<FormEntry> = DossierForm::ALL
            .into_iter()
            .filter_map(|form| match form {
                DossierForm::ControlSheet => Some(FormEntry {
                    form,
                    number: self.control_sheet.form_number.clone(),
                    title: self.control_sheet.title.clone(),
                }),
                letter => self.letters.get(letter.key()).map(|c| FormEntry {
                    form,
                    number: c.form_number.clone(),
                    title: c.title.clone(),
                }),
            })
            .collect();
        out.sort_by(|a, b| a.number.cmp(&b.number));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_sets_parse_and_the_default_exists() {
        let sets = FormSet::all();
        assert_eq!(sets.len(), 2);
        assert!(FormSet::by_id(DEFAULT_FORM_SET).is_ok());
        assert!(matches!(FormSet::by_id("tt99"), Err(PrintError::UnknownFormSet(_))));
        for set in sets {
            assert_eq!(set.receipt.copies.len(), 2, "{}: the receipt prints in two copies", set.id);
        }
    }

    #[test]
    fn every_placeholder_of_every_letter_is_one_the_code_fills() {
        for set in FormSet::all() {
            for (key, letter) in &set.letters {
                assert!(DossierForm::parse(key).is_some(), "{}: unknown letter {key}", set.id);
                let texts = letter.body.iter().chain([&letter.recipient, &letter.number_line]);
                let names = letter.signatures.iter().map(|s| &s.name);
                for text in texts.chain(names) {
                    for name in crate::letters::placeholders(text) {
                        assert!(crate::letters::is_known(name), "{}: {key} uses {{{name}}}", set.id);
                    }
                }
            }
        }
    }

    #[test]
    fn the_2025_set_has_forms_02_to_06_and_the_2018_set_no_stop_notice() {
        let numbers = |id: &str| -> Vec<String> {
            FormSet::by_id(id).unwrap().dossier_forms().into_iter().map(|f| f.number).collect()
        };
        assert_eq!(numbers("tt03-2025"), ["Mẫu số 02", "Mẫu số 03", "Mẫu số 04", "Mẫu số 05", "Mẫu số 06"]);
        assert_eq!(numbers("tt01-2018"), ["Mẫu số 02", "Mẫu số 03", "Mẫu số 04", "Mẫu số 05"]);
        let old = FormSet::by_id("tt01-2018").unwrap();
        assert!(matches!(old.letter(DossierForm::Stop), Err(PrintError::FormNotInSet { .. })));
        assert_eq!(old.log_book.form_number, "Mẫu số 06");
    }
}
