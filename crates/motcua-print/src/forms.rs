//! Form sets as versioned data (`assets/forms/*.json`): the law replaces forms by circular
//! (Thông tư 01/2018/TT-VPCP, then 03/2025/TT-VPCP), and a city picks its set. Code lays the
//! papers out; every caption a paper prints comes from here.

use serde::Deserialize;

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
}
