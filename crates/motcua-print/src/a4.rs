//! A small layout writer for A4 papers: wrapped runs of text in the embedded font, columns,
//! rules, QR codes, page breaks and "Trang x/y" numbers. Positions are in millimetres from the
//! top-left corner of the page, as a form is measured; PDF's origin (bottom-left) stays here.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rect, Rgb, TextItem,
};

use crate::fonts::{self, Face};

pub const PAGE_WIDTH: f32 = 210.0;
pub const PAGE_HEIGHT: f32 = 297.0;
/// Margins of an administrative document (Nghị định 30/2020/NĐ-CP: left 30–35 mm, right
/// 15–20 mm, top and bottom 20–25 mm).
pub const LEFT: f32 = 30.0;
pub const RIGHT: f32 = 15.0;
pub const TOP: f32 = 20.0;
pub const BOTTOM: f32 = 20.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - LEFT - RIGHT;

const MM_PER_PT: f32 = 25.4 / 72.0;
/// Blocks up to this many lines move to the next page whole rather than split.
const KEEP_TOGETHER_LINES: usize = 4;

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
}

pub fn regular(text: impl Into<String>) -> Span {
    Span { text: text.into(), face: Face::Regular }
}
pub fn bold(text: impl Into<String>) -> Span {
    Span { text: text.into(), face: Face::Bold }
}
pub fn italic(text: impl Into<String>) -> Span {
    Span { text: text.into(), face: Face::Italic }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub align: Align,
    /// Indent of the lines after the first (a numbered list item's text), in mm.
    pub hanging: f32,
}

impl Style {
    pub const fn body(size: f32) -> Style {
        Style { size, align: Align::Left, hanging: 0.0 }
    }
    pub const fn centered(size: f32) -> Style {
        Style { size, align: Align::Center, hanging: 0.0 }
    }
    pub const fn hanging(size: f32, hanging: f32) -> Style {
        Style { size, align: Align::Left, hanging }
    }
    fn line_height(&self) -> f32 {
        self.size * 1.35 * MM_PER_PT
    }
}

/// Page size and margins, mm.
#[derive(Debug, Clone, Copy)]
struct PageGeometry {
    width: f32,
    height: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

impl PageGeometry {
    fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    /// A point `x` mm from the left and `y_top` mm from the top, in PDF coordinates.
    fn pt(&self, x: f32, y_top: f32) -> Point {
        Point { x: Mm(x).into(), y: Mm(self.height - y_top).into() }
    }
}

/// One laid-out line: its spans and where it starts relative to the block's left edge.
struct LaidLine {
    spans: Vec<Span>,
    x: f32,
}

/// A paper being written: pages of drawing operations, grouped in sections (one per copy)
/// that are numbered separately.
pub struct Paper {
    page: PageGeometry,
    doc: PdfDocument,
    fonts: [FontId; 3],
    pages: Vec<Vec<Op>>,
    /// Index of the first page of each section.
    sections: Vec<usize>,
    /// Top of the next line on the current page, mm from the top.
    y: f32,
}

impl Paper {
    /// An A4 paper with the margins of an administrative document.
    pub fn new(title: &str) -> Paper {
        let page =
            PageGeometry { width: PAGE_WIDTH, height: PAGE_HEIGHT, left: LEFT, right: RIGHT, top: TOP, bottom: BOTTOM };
        Paper::with_geometry(title, page)
    }

    /// A4 turned sideways, for a table too wide for a portrait page (the log book).
    pub fn landscape(title: &str) -> Paper {
        let page =
            PageGeometry { width: PAGE_HEIGHT, height: PAGE_WIDTH, left: 20.0, right: 15.0, top: 15.0, bottom: 15.0 };
        Paper::with_geometry(title, page)
    }

    /// Another page size (a ticket 80 mm wide) with the same margin all round.
    pub fn with_page(title: &str, width: f32, height: f32, margin: f32) -> Paper {
        let page = PageGeometry { width, height, left: margin, right: margin, top: margin, bottom: margin };
        Paper::with_geometry(title, page)
    }

    fn with_geometry(title: &str, page: PageGeometry) -> Paper {
        let mut doc = PdfDocument::new(title);
        let fonts = Face::ALL.map(|f| doc.add_font(fonts::pdf_font(f)));
        Paper { page, doc, fonts, pages: Vec::new(), sections: Vec::new(), y: page.top }
    }

    /// Starts a section (a copy of the paper) on a new page.
    pub fn begin_section(&mut self) {
        self.sections.push(self.pages.len());
        self.new_page();
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.page.top;
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }

    /// Starts a new page unless `height` mm still fit above the bottom margin.
    pub fn keep(&mut self, height: f32) {
        if self.y + height > self.page.height - self.page.bottom && self.y > self.page.top {
            self.new_page();
        }
    }

    /// Writes `spans` wrapped to the content width, breaking pages between lines.
    pub fn paragraph(&mut self, spans: &[Span], style: Style) {
        self.block(spans, style, self.page.left, self.page.content_width());
    }

    /// Writes `spans` wrapped to a column `width` mm wide starting `x` mm from the left edge.
    /// A short block (a field, an item of the papers list) is kept on one page.
    pub fn block(&mut self, spans: &[Span], style: Style, x: f32, width: f32) {
        let lines = layout(spans, style, width);
        if lines.len() <= KEEP_TOGETHER_LINES {
            self.keep(lines.len() as f32 * style.line_height());
        }
        for line in lines {
            self.keep(style.line_height());
            let y = self.y;
            self.draw_line(&line, style, x, y);
            self.y += style.line_height();
        }
    }

    /// Columns side by side from the current line (a form's header, its signature blocks);
    /// afterwards the cursor is below the tallest. Columns are kept on one page.
    pub fn columns(&mut self, columns: &[Column]) {
        let laid: Vec<Vec<(Vec<LaidLine>, Style)>> = columns
            .iter()
            .map(|c| c.blocks.iter().map(|(spans, style)| (layout(spans, *style, c.width), *style)).collect())
            .collect();
        let height = |blocks: &Vec<(Vec<LaidLine>, Style)>| -> f32 {
            blocks.iter().map(|(lines, s)| lines.len() as f32 * s.line_height()).sum()
        };
        let tallest = laid.iter().map(height).fold(0.0, f32::max);
        self.keep(tallest);
        let top = self.y;
        for (column, blocks) in columns.iter().zip(laid) {
            let mut y = top;
            for (lines, style) in blocks {
                for line in lines {
                    self.draw_line(&line, style, column.x, y);
                    y += style.line_height();
                }
            }
        }
        self.y = top + tallest;
    }

    /// A horizontal rule `width` mm long centred on `center_x`, at the current line.
    pub fn rule(&mut self, center_x: f32, width: f32, y: f32) {
        let (x1, x2) = (center_x - width / 2.0, center_x + width / 2.0);
        let geometry = self.page;
        let point = |x: f32| LinePoint { p: geometry.pt(x, y), bezier: false };
        let ops = self.page();
        ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        ops.push(Op::DrawLine { line: Line { points: vec![point(x1), point(x2)], is_closed: false } });
    }

    /// A QR code (dark modules from `qr::modules`) of `size` mm at (`x`, `y`) from the top-left.
    pub fn qr(&mut self, modules: &crate::qr::Modules, x: f32, y: f32, size: f32) {
        let cell = size / modules.width as f32;
        let page_height = self.page.height;
        let ops = self.page();
        ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        for (row, runs) in modules.dark_runs().iter().enumerate() {
            for &(start, len) in runs {
                let top = y + row as f32 * cell;
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Mm(x + start as f32 * cell).into(),
                        y: Mm(page_height - top - cell).into(),
                        width: Mm(len as f32 * cell).into(),
                        height: Mm(cell).into(),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.begin_section();
        }
        self.pages.last_mut().expect("a page")
    }

    fn draw_line(&mut self, line: &LaidLine, style: Style, x: f32, y_top: f32) {
        self.page();
        self.draw_line_on(self.pages.len() - 1, line, style, x, y_top);
    }

    fn draw_line_on(&mut self, page: usize, line: &LaidLine, style: Style, x: f32, y_top: f32) {
        // The baseline sits one font size below the top of the line box.
        let baseline = y_top + style.size * MM_PER_PT;
        let mut x = x + line.x;
        let geometry = self.page;
        let ops = &mut self.pages[page];
        for span in &line.spans {
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(self.fonts[span.face as usize].clone()),
                    size: Pt(style.size),
                },
                Op::SetTextCursor { pos: geometry.pt(x, baseline) },
                Op::ShowText { items: vec![TextItem::Text(span.text.clone())] },
                Op::EndTextSection,
            ]);
            x += fonts::width_pt(&span.text, span.face, style.size) * MM_PER_PT;
        }
    }

    /// Numbers the pages of every section that has more than one ("Trang 1/2") and returns
    /// the PDF, fonts subset.
    pub fn finish(mut self) -> Vec<u8> {
        let ends: Vec<usize> = self.sections.iter().skip(1).copied().chain([self.pages.len()]).collect();
        let numbering: Vec<(usize, usize, usize)> = self
            .sections
            .iter()
            .zip(ends)
            .filter(|(start, end)| end - *start > 1)
            .flat_map(|(&start, end)| (start..end).map(move |p| (p, p - start + 1, end - start)))
            .collect();
        for (page, n, of) in numbering {
            let text = format!("Trang {n}/{of}");
            let style = Style::centered(10.0);
            let g = self.page;
            let y = g.height - g.bottom + 6.0 * g.bottom / BOTTOM;
            let line = LaidLine {
                x: (g.content_width() - span_width(&[regular(&text)], style.size)) / 2.0,
                spans: vec![regular(text)],
            };
            self.draw_line_on(page, &line, style, g.left, y);
        }
        let (w, h) = (self.page.width, self.page.height);
        let pages = self.pages.into_iter().map(|ops| PdfPage::new(Mm(w), Mm(h), ops)).collect();
        // printpdf would compress every stream at zlib's best level, which was two thirds of
        // a receipt's time for a few per cent of size: the streams are compressed here instead.
        let options = PdfSaveOptions { subset_fonts: true, optimize: false, ..PdfSaveOptions::default() };
        let mut warnings = Vec::new();
        let mut doc = printpdf::serialize::to_lopdf_doc(self.doc.with_pages(pages), &options, &mut warnings);
        for w in warnings.iter().filter(|w| w.severity != printpdf::PdfParseErrorSeverity::Info) {
            tracing::warn!(warning = ?w, "printpdf");
        }
        compress_streams(&mut doc);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("writing a PDF to memory does not fail");
        bytes
    }
}

/// zlib level for a paper's streams. Measured on the receipt (papers benchmark, 2 cores,
/// miniz backend): level 9 (printpdf's) p50 ≈ 9.9 ms and 50.2 KB, level 6 ≈ 10.4 ms, level 2
/// ≈ 5.8 ms and 52.2 KB, level 1 ≈ 6.6 ms and 57.3 KB. flate2 now runs on zlib-rs, faster
/// again at the same level. Two KB more per paper is nothing to a printer.
const DEFLATE_LEVEL: u32 = 2;

/// Deflates every stream not already filtered, keeping the raw one when that is smaller.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(DEFLATE_LEVEL));
        let packed = z.write_all(&stream.content).and_then(|()| z.finish());
        if let Ok(packed) = packed
            && packed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

/// A column for [`Paper::columns`]: blocks of text, top to bottom.
pub struct Column {
    pub x: f32,
    pub width: f32,
    pub blocks: Vec<(Vec<Span>, Style)>,
}

fn span_width(spans: &[Span], size: f32) -> f32 {
    spans.iter().map(|s| fonts::width_pt(&s.text, s.face, size)).sum::<f32>() * MM_PER_PT
}

/// Greedy word wrap of `spans` into lines at most `width` mm wide. A word longer than a line
/// (a long code, a run of digits) is cut between characters; nothing is ever dropped.
fn layout(spans: &[Span], style: Style, width: f32) -> Vec<LaidLine> {
    let mm = |text: &str, face: Face| fonts::width_pt(text, face, style.size) * MM_PER_PT;
    let mut lines: Vec<LaidLine> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut used = 0.0;
    let mut pending_space = false;
    let limit = |lines: &Vec<LaidLine>| if lines.is_empty() { width } else { width - style.hanging };

    let push_word = |current: &mut Vec<Span>, word: &str, face: Face, space: bool| {
        let text = if space { format!(" {word}") } else { word.to_owned() };
        match current.last_mut() {
            Some(last) if last.face == face => last.text.push_str(&text),
            _ => current.push(Span { text, face }),
        }
    };
    let flush = |lines: &mut Vec<LaidLine>, current: &mut Vec<Span>| {
        let x = if lines.is_empty() { 0.0 } else { style.hanging };
        lines.push(LaidLine { spans: std::mem::take(current), x });
    };

    for span in spans {
        let starts_with_space = span.text.starts_with(char::is_whitespace);
        if starts_with_space && !current.is_empty() {
            pending_space = true;
        }
        let mut words = span.text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            let space_w = if pending_space && !current.is_empty() { mm(" ", span.face) } else { 0.0 };
            let word_w = mm(word, span.face);
            if used + space_w + word_w <= limit(&lines) {
                push_word(&mut current, word, span.face, space_w > 0.0);
                used += space_w + word_w;
            } else if !current.is_empty() && word_w <= width - style.hanging {
                flush(&mut lines, &mut current);
                push_word(&mut current, word, span.face, false);
                used = word_w;
            } else {
                // Too long for any line: fill this line, then continue on the next ones.
                let mut piece = String::new();
                let mut piece_w = if space_w > 0.0 { used + space_w } else { used };
                let mut first = space_w > 0.0;
                for c in word.chars() {
                    let cw = mm(c.encode_utf8(&mut [0; 4]), span.face);
                    if piece_w + cw > limit(&lines) && !(piece.is_empty() && current.is_empty()) {
                        if !piece.is_empty() {
                            push_word(&mut current, &piece, span.face, first);
                        }
                        flush(&mut lines, &mut current);
                        piece.clear();
                        piece_w = 0.0;
                        first = false;
                    }
                    piece.push(c);
                    piece_w += cw;
                }
                push_word(&mut current, &piece, span.face, first);
                used = piece_w;
            }
            pending_space = words.peek().is_some() || span.text.ends_with(char::is_whitespace);
        }
    }
    if !current.is_empty() || lines.is_empty() {
        flush(&mut lines, &mut current);
    }
    if style.align == Align::Center {
        for line in &mut lines {
            line.x = ((width - span_width(&line.spans, style.size)) / 2.0).max(0.0);
        }
    }
    lines
}

/// A table for [`Paper::table`]: column widths (mm), a header row repeated at the top of every
/// page, and rows whose cells hold one or more paragraphs, wrapped to the column.
pub struct Table {
    pub widths: Vec<f32>,
    pub header: Vec<Vec<Span>>,
    pub header_style: Style,
    pub rows: Vec<Vec<Cell>>,
    pub style: Style,
    /// Room left for handwriting (a control sheet's rows), mm.
    pub min_row_height: f32,
}

/// The paragraphs of one table cell, top to bottom.
pub type Cell = Vec<Vec<Span>>;

/// Space between a cell's border and its text, mm.
const CELL_PAD: f32 = 1.2;

impl Paper {
    /// Writes `table` from the current line, ruled, a row never split across pages; the header
    /// comes again at the top of each new page. A row taller than a whole page (a cell of
    /// thousands of characters) still starts on a fresh page and runs past its bottom margin.
    pub fn table(&mut self, table: &Table) {
        let header: Vec<Cell> = table.header.iter().map(|spans| vec![spans.clone()]).collect();
        let header_rows = self.lay_row(&header, &table.widths, table.header_style, 0.0);
        let rows: Vec<_> =
            table.rows.iter().map(|r| self.lay_row(r, &table.widths, table.style, table.min_row_height)).collect();
        let first = rows.first().map_or(0.0, |r| r.0);
        self.keep(header_rows.0 + first);
        self.draw_row(&header_rows, &table.widths, table.header_style);
        for row in &rows {
            if self.y + row.0 > self.page.height - self.page.bottom {
                self.new_page();
                self.draw_row(&header_rows, &table.widths, table.header_style);
            }
            self.draw_row(row, &table.widths, table.style);
        }
    }

    /// A row's height and its cells' lines.
    fn lay_row(&self, cells: &[Cell], widths: &[f32], style: Style, min_height: f32) -> (f32, Vec<Vec<LaidLine>>) {
        let laid: Vec<Vec<LaidLine>> = cells
            .iter()
            .zip(widths)
            .map(|(paragraphs, w)| paragraphs.iter().flat_map(|p| layout(p, style, w - 2.0 * CELL_PAD)).collect())
            .collect();
        let lines = laid.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = (lines as f32 * style.line_height() + 2.0 * CELL_PAD).max(min_height);
        (height, laid)
    }

    fn draw_row(&mut self, (height, cells): &(f32, Vec<Vec<LaidLine>>), widths: &[f32], style: Style) {
        let top = self.y;
        let mut x = self.page.left;
        for (lines, w) in cells.iter().zip(widths) {
            for (i, line) in lines.iter().enumerate() {
                self.draw_line(line, style, x + CELL_PAD, top + CELL_PAD + i as f32 * style.line_height());
            }
            x += w;
        }
        let right = self.page.left + widths.iter().sum::<f32>();
        self.segment(self.page.left, top, right, top);
        self.segment(self.page.left, top + height, right, top + height);
        let mut x = self.page.left;
        for w in std::iter::once(&0.0).chain(widths) {
            x += w;
            self.segment(x, top, x, top + height);
        }
        self.y = top + height;
    }

    /// A thin straight line between two points (mm from the top-left).
    fn segment(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let geometry = self.page;
        let ops = self.page();
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: geometry.pt(x1, y1), bezier: false },
                    LinePoint { p: geometry.pt(x2, y2), bezier: false },
                ],
                is_closed: false,
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[LaidLine]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn wraps_between_words_and_keeps_every_character() {
        let name = "Tôn Nữ Thị Hoàng Diệu Huyền Trang ".repeat(12);
        let lines = layout(&[bold(&name)], Style::body(12.0), 80.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(span_width(&line.spans, 12.0) <= 80.0 + 0.01);
        }
        assert_eq!(text_of(&lines).join(" "), name.trim());
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_dropped() {
        let digits = "0".repeat(200);
        let lines = layout(&[regular("Mã:"), regular(format!(" {digits}"))], Style::body(12.0), 60.0);
        assert!(lines.len() > 2);
        assert_eq!(text_of(&lines).concat().replace(' ', ""), format!("Mã:{digits}"));
    }

    #[test]
    fn spans_keep_their_faces_and_the_space_between_them() {
        let lines = layout(&[regular("Mã hồ sơ: "), bold("000.00.21.H26-261123-0007")], Style::body(12.0), 160.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].spans, vec![regular("Mã hồ sơ:"), bold(" 000.00.21.H26-261123-0007")]);
    }
}
