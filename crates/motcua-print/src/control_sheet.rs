//! The process-control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ: form 05 of the 2018
//! set, 06 of the 2025 set). It travels with the paper dossier from desk to desk and each
//! hand-off is written and signed on it by hand, so it prints the dossier's facts and the first
//! hand-off (from the reception desk) and leaves ruled rows for the rest.

use motcua_domain::papers::{place_and_date, time_and_date};

use crate::a4::{CONTENT_WIDTH, Cell, Paper, Style, Table, bold, italic, regular};
use crate::error::PrintError;
use crate::forms::FormSet;
use crate::letterhead;
use crate::letters::DossierFacts;

/// Height of a hand-off row: room for two signatures.
const ROW_HEIGHT: f32 = 24.0;

pub fn render(facts: &DossierFacts, agency: &str, forms: &FormSet) -> Result<Vec<u8>, PrintError> {
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

    let signature_line = |n: usize, give: String| -> Cell {
        vec![
            vec![bold(format!("{n}. ")), regular(give)],
            vec![regular(&c.receive)],
            vec![italic(format!("{} / {}", c.sign_give, c.sign_receive))],
        ]
    };
    let first_give = c.first_handoff.replace("{office}", &facts.office_name).replace("{officer}", &facts.officer_name);
    let rows = (1..=c.rows.max(1))
        .map(|n| {
            let give = if n == 1 { first_give.clone() } else { c.handoff.clone() };
            vec![signature_line(n, give), vec![vec![regular(&c.blank_time)]], Vec::new(), Vec::new()]
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
