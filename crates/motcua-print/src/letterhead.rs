//! The top of every A4 paper of the one-stop office: the office's name (and the paper's
//! number) on the left, the national motto and the place and date on the right, each name
//! underlined by a short rule, as Nghị định 30/2020/NĐ-CP lays out administrative documents.

use crate::a4::{self, Column, LEFT, Paper, Style, bold, italic, regular};
use crate::forms::FormSet;

/// Width of the left (office) block; the motto block takes the rest.
const LEFT_WIDTH: f32 = 70.0;

/// Writes the two blocks from the current line. `number` ("Số: 0007/TNHS") may be empty.
pub fn write(paper: &mut Paper, office_name: &str, number: &str, place_and_date: &str, forms: &FormSet) {
    let right_x = LEFT + LEFT_WIDTH - 2.0;
    let right_w = a4::CONTENT_WIDTH - LEFT_WIDTH + 2.0;
    paper.columns(&[
        Column {
            x: LEFT,
            width: LEFT_WIDTH,
            blocks: vec![(vec![bold(office_name.to_uppercase())], Style::centered(12.0))],
        },
        Column {
            x: right_x,
            width: right_w,
            blocks: vec![
                (vec![bold(&forms.motto[0])], Style::centered(12.0)),
                (vec![bold(&forms.motto[1])], Style::centered(13.0)),
            ],
        },
    ]);
    let below = paper.y() + 1.0;
    paper.rule(LEFT + LEFT_WIDTH / 2.0, 25.0, below);
    paper.rule(right_x + right_w / 2.0, 55.0, below);
    paper.space(3.0);
    let number_block = if number.is_empty() { vec![] } else { vec![(vec![regular(number)], Style::centered(12.0))] };
    paper.columns(&[
        Column { x: LEFT, width: LEFT_WIDTH, blocks: number_block },
        Column { x: right_x, width: right_w, blocks: vec![(vec![italic(place_and_date)], Style::centered(12.0))] },
    ]);
}
