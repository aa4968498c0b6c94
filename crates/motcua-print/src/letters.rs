//! Forms 02–05: what the office writes to the applicant about one dossier (supplement the
//! papers, refusal, apology with a new date, stop notice). Each is a letter whose sentences come
//! from the form set (`letters` in `assets/forms/*.json`), with the dossier's values filled in.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use motcua_domain::papers::{DossierForm, LetterContent, place_and_date, time_and_date};

use crate::a4::{self, Column, Paper, Span, Style, bold, italic, regular};
use crate::error::PrintError;
use crate::forms::{FormSet, LetterCaptions};
use crate::letterhead;

/// The dossier's side of a letter, gathered by the app.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DossierFacts {
    pub office_name: String,
    pub place_name: String,
    pub code: String,
    /// The paper's number: the dossier's entry in the log book.
    pub number: String,
    pub applicant_name: String,
    pub procedure_name: String,
    pub received_at: NaiveDateTime,
    pub appointment_at: NaiveDateTime,
    pub officer_name: String,
    pub hotlines: Vec<String>,
    /// The day it is printed (the place-and-date line).
    pub printed_on: NaiveDate,
}

const BODY: Style = Style::body(13.0);

/// The letter `form` as an A4 PDF. `content` must already be validated for the form
/// ([`LetterContent::validate`]); a form the set does not have is refused.
pub fn render(
    form: DossierForm,
    facts: &DossierFacts,
    content: &LetterContent,
    forms: &FormSet,
) -> Result<Vec<u8>, PrintError> {
    let c = forms.letter(form)?;
    let mut paper = Paper::new(&format!("{} {}", c.title, facts.code));
    paper.begin_section();
    let number = c.number_line.replace("{number}", &facts.number);
    letterhead::write(
        &mut paper,
        &facts.office_name,
        &number,
        &place_and_date(&facts.place_name, facts.printed_on),
        forms,
    );
    paper.space(6.0);
    paper.paragraph(&[bold(&c.title)], Style::centered(14.0));
    paper.space(2.0);
    if !c.recipient.is_empty() {
        paper.paragraph(&fill(&c.recipient, facts, content), Style::centered(13.0));
        paper.space(3.0);
    }
    for template in &c.body {
        if template.trim() == "{items}" {
            for (i, item) in content.items.iter().enumerate() {
                paper.paragraph(&[regular(format!("{}. ", i + 1)), bold(item)], Style::hanging(BODY.size, 6.0));
            }
            continue;
        }
        if template.trim() == "{reason}" {
            paper.paragraph(&[bold(&content.reason)], BODY);
            continue;
        }
        if has_only_empty_values(template, facts, content) {
            continue;
        }
        paper.paragraph(&fill(template, facts, content), BODY);
        paper.space(1.0);
    }
    paper.space(4.0);
    signatures(&mut paper, c, facts, content);
    Ok(paper.finish())
}

/// The signature blocks, on the right half (one) or side by side (two).
fn signatures(paper: &mut Paper, c: &LetterCaptions, facts: &DossierFacts, content: &LetterContent) {
    let n = c.signatures.len().max(1) as f32;
    let width = a4::CONTENT_WIDTH / n.max(2.0);
    let first_x = if c.signatures.len() == 1 { a4::LEFT + a4::CONTENT_WIDTH / 2.0 } else { a4::LEFT };
    let columns: Vec<Column> = c
        .signatures
        .iter()
        .enumerate()
        .map(|(i, s)| Column {
            x: first_x + i as f32 * width,
            width,
            blocks: vec![
                (vec![bold(&s.title)], Style::centered(12.0)),
                (vec![italic(&s.note)], Style::centered(11.0)),
                (vec![regular(" ")], Style::centered(30.0)),
                (fill(&s.name, facts, content), Style::centered(12.0)),
            ],
        })
        .collect();
    paper.columns(&columns);
}

/// The value of `{name}`, or `None` for a name this module does not know.
fn value(name: &str, f: &DossierFacts, c: &LetterContent) -> Option<String> {
    Some(match name {
        "office" => f.office_name.clone(),
        "applicant" => f.applicant_name.clone(),
        "code" => f.code.clone(),
        "procedure" => f.procedure_name.clone(),
        "received_date" => f.received_at.format("%d/%m/%Y").to_string(),
        "appointment" => time_and_date(f.appointment_at),
        "new_appointment" => c.new_appointment.map(time_and_date).unwrap_or_default(),
        "reason" => c.reason.clone(),
        "officer" => f.officer_name.clone(),
        "hotline" => f.hotlines.join("; "),
        "number" => f.number.clone(),
        _ => return None,
    })
}

/// Splits a template into literal text and `{name}` placeholders.
fn pieces(template: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// The template as spans: its words regular, the dossier's values bold. An unknown
/// placeholder is printed as written, so a typo in a form set shows instead of vanishing.
fn fill(template: &str, f: &DossierFacts, c: &LetterContent) -> Vec<Span> {
    pieces(template)
        .into_iter()
        .map(|(is_value, text)| match (is_value, is_value.then(|| value(text, f, c)).flatten()) {
            (true, Some(v)) => bold(v),
            (true, None) => regular(format!("{{{text}}}")),
            (false, _) => regular(text),
        })
        .collect()
}

/// A sentence about something the clerk left out (form 02's optional reason) is dropped.
fn has_only_empty_values(template: &str, f: &DossierFacts, c: &LetterContent) -> bool {
    let values: Vec<Option<String>> =
        pieces(template).into_iter().filter(|(v, _)| *v).map(|(_, name)| value(name, f, c)).collect();
    !values.is_empty() && values.iter().all(|v| v.as_deref().is_some_and(|s| s.trim().is_empty()))
}

/// Every placeholder the bundled form sets use, for the form-set test.
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    pieces(template).into_iter().filter(|(v, _)| *v).map(|(_, n)| n).collect()
}

#[cfg(test)]
pub(crate) fn is_known(name: &str) -> bool {
    name == "items" || value(name, &sample_facts(), &LetterContent::default()).is_some()
}

#[cfg(test)]
fn sample_facts() -> DossierFacts {
    let at = NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(8, 0, 0)).expect("a valid date");
    DossierFacts {
        office_name: String::new(),
        place_name: String::new(),
        code: String::new(),
        number: String::new(),
        applicant_name: String::new(),
        procedure_name: String::new(),
        received_at: at,
        appointment_at: at,
        officer_name: String::new(),
        hotlines: Vec::new(),
        printed_on: at.date(),
    }
}
