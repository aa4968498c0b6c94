//! The process-control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ: form 05 of the 2018
//! set, 06 of the 2025 set). It travels with the paper dossier from desk to desk and each
//! hand-off is signed on it by hand, so it prints the dossier's facts, the hand-offs recorded
//! so far (each with its own deadline), and ruled rows for the rest.

use chrono::NaiveDateTime;
use motcua_domain::papers::{place_and_date, time_and_date};

use crate::a4::{CONTENT_WIDTH, Cell, Paper, Style, Table, bold, italic, regular};
use crate::error::PrintError;
use crate::forms::FormSet;
use crate::letterhead;
use crate::letters::DossierFacts;

/// Height of a hand-off row: room for two signatures.
const ROW_HEIGHT: f32 = 24.0;

/// A hand-off recorded in the dossier's steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The department or agency it went to (with its handler, if named).
    pub to: String,
    pub at: NaiveDateTime,
    pub deadline: NaiveDateTime,
    pub note: String,
}

pub fn render(
    facts: &DossierFacts,
    agency: &str,
    handoffs: &[Handoff],
    forms: &FormSet,
) -> Result<Vec<u8>, PrintError> {
    let c = &forms.control_sheet;
    let mut paper = Paper::new(&format!("{} {}", c.title, facts.code));
    paper.begin_section();
    letterhead::write(&mut paper, &facts.office_name, "", &place_and_date(&facts.place_name, facts.printed_on), forms);
    paper.space(6.0);
    paper.paragraph(&[bold(&c.title)], Style::centered(14.0));
    paper.space(3.0);
    let body = Style::hanging(12.0, 0.0);
    for (label, value) in [
        (&c.code, facts.code.clone()),
        (&c.applicant, facts.applicant_name.clone()),
        (&c.procedure, facts.procedure_name.clone()),
        (&c.received_at, time_and_date(facts.received_at)),
        (&c.appointment_at, time_and_date(facts.appointment_at)),
        (&c.office, agency.to_owned()),
    ] {
        paper.paragraph(&[regular(format!("{label}: ")), bold(value)], body);
    }
    paper.space(3.0);

    let signature_line = |n: usize, give: String, receive: String| -> Cell {
        vec![
            vec![bold(format!("{n}. ")), regular(give)],
            vec![regular(receive)],
            vec![italic(format!("{} / {}", c.sign_give, c.sign_receive))],
        ]
    };
    let first_give = c.first_handoff.replace("{office}", &facts.office_name).replace("{officer}", &facts.officer_name);
    // Row n gives from the unit that received row n - 1 (the reception desk for row 1).
    let giver = |n: usize| match n {
        1 => first_give.clone(),
        _ => handoffs.get(n - 2).map_or_else(|| c.handoff.clone(), |h| c.give_to.replace("{unit}", &h.to)),
    };
    let rows = (1..=c.rows.max(handoffs.len() + 1))
        .map(|n| match handoffs.get(n - 1) {
            Some(h) => vec![
                signature_line(n, giver(n), c.receive_by.replace("{unit}", &h.to)),
                vec![vec![regular(time_and_date(h.at))]],
                vec![vec![regular(c.deadline.replace("{time}", &time_and_date(h.deadline)))]],
                vec![vec![regular(&h.note)]],
            ],
            None => vec![
                signature_line(n, giver(n), c.receive.clone()),
                vec![vec![regular(&c.blank_time)]],
                Vec::new(),
                Vec::new(),
            ],
        })
        .collect();
    let widths = [0.36, 0.26, 0.22, 0.16].map(|f| CONTENT_WIDTH * f).to_vec();
    paper.table(&Table {
        widths,
        header: c.columns.iter().map(|h| vec![bold(h)]).collect(),
        header_style: Style::centered(10.0),
        rows,
        style: Style::body(10.0),
        min_row_height: ROW_HEIGHT,
    });
    Ok(paper.finish())
}
