//! The monthly report on A4 turned sideways, through the papers crate's layout writer (its
//! embedded font covers Vietnamese).

use motcua_domain::papers::place_and_date;
use motcua_print::PrintError;
use motcua_print::a4::{Paper, Style, Table, bold, regular};

use crate::{COLUMNS, MonthlyReport, RowKind};

/// Column widths (mm) on landscape A4 (262 mm of text width).
const WIDTHS: [f32; 13] = [9.0, 26.0, 18.0, 65.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0];

pub fn render(report: &MonthlyReport) -> Result<Vec<u8>, PrintError> {
    let mut paper = Paper::landscape(&report.title());
    paper.begin_section();
    paper.paragraph(&[bold(report.office_name.to_uppercase())], Style::centered(12.0));
    paper.space(2.0);
    paper.paragraph(&[bold(report.title())], Style::centered(14.0));
    paper.paragraph(
        &[regular(place_and_date("", report.made_on).trim_start_matches(", ").to_owned())],
        Style::centered(11.0),
    );
    paper.space(4.0);
    let rows = report
        .rows()
        .into_iter()
        .map(|row| {
            let span = |text: String| if row.kind == RowKind::Procedure { regular(text) } else { bold(text) };
            row.texts
                .iter()
                .cloned()
                .chain(row.numbers.iter().map(u64::to_string))
                .map(|text| vec![vec![span(text)]])
                .collect()
        })
        .collect();
    paper.table(&Table {
        widths: WIDTHS.to_vec(),
        header: COLUMNS.iter().map(|h| vec![bold(*h)]).collect(),
        header_style: Style::centered(8.5),
        rows,
        style: Style::body(9.0),
        min_row_height: 0.0,
    });
    Ok(paper.finish())
}
