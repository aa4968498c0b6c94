//! The queue ticket (phiếu xếp hàng): office, service, the number in large type, when it was
//! taken, people ahead, the estimated wait and the hotline. Raster for thermal printers
//! (ESC/POS), PDF 80 mm wide for ordinary ones and previews.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::a4::{Paper, Style, bold, regular};
use crate::escpos;
use crate::fonts::Face;
use crate::raster::{Bitmap, Canvas};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ticket {
    pub office_name: String,
    pub service: String,
    /// As called out and shown on the screens, e.g. "A015".
    pub number: String,
    pub issued_at: NaiveDateTime,
    pub people_ahead: u32,
    pub estimated_wait_minutes: u32,
    pub hotlines: Vec<String>,
}

impl Ticket {
    /// The ticket's lines, top to bottom, with their face and size in dots (203 dpi).
    fn lines(&self) -> Vec<(String, Face, f32)> {
        let mut lines = vec![
            (self.office_name.to_uppercase(), Face::Bold, 26.0),
            (self.service.clone(), Face::Regular, 28.0),
            ("SỐ THỨ TỰ CỦA BẠN".to_owned(), Face::Regular, 24.0),
            (self.number.clone(), Face::Bold, 130.0),
            (format!("Lấy số lúc {}", self.issued_at.format("%H:%M ngày %d/%m/%Y")), Face::Regular, 24.0),
            (format!("Số người chờ trước bạn: {}", self.people_ahead), Face::Bold, 26.0),
            (format!("Thời gian chờ dự kiến: khoảng {} phút", self.estimated_wait_minutes), Face::Regular, 24.0),
        ];
        if !self.hotlines.is_empty() {
            lines.push((format!("Đường dây nóng: {}", self.hotlines.join("; ")), Face::Regular, 22.0));
        }
        lines
    }

    /// The ticket as the thermal printer prints it: 576 dots wide.
    pub fn raster(&self) -> Bitmap {
        let mut canvas = Canvas::new(escpos::DOTS_80MM, 16);
        canvas.space(8);
        let lines = self.lines();
        let last = lines.len() - 1;
        for (i, (text, face, px)) in lines.into_iter().enumerate() {
            // Rules around the number, and above the hotline.
            if i == 2 || i == 4 || i == last {
                canvas.space(6);
                canvas.rule(2);
                canvas.space(6);
            }
            canvas.centered(&text, face, px);
        }
        canvas.space(8);
        canvas.finish()
    }

    /// ESC/POS bytes for a thermal printer: raster image, feed, cut.
    pub fn escpos(&self) -> Vec<u8> {
        escpos::encode(&self.raster())
    }

    /// A PDF page 80 mm wide, for an ordinary printer or a preview.
    pub fn pdf(&self) -> Vec<u8> {
        let mut paper = Paper::with_page("Phiếu xếp hàng", 80.0, 120.0, 5.0);
        paper.begin_section();
        for (text, face, px) in self.lines() {
            // Dots at 203 dpi to points: the PDF looks like the thermal print.
            let size = px * 72.0 / 203.0;
            let span = if face == Face::Bold { bold(text) } else { regular(text) };
            paper.paragraph(&[span], Style::centered(size));
            paper.space(1.0);
        }
        paper.finish()
    }
}
