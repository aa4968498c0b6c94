//! One-bit raster text for thermal printers. Many ESC/POS printers have no Vietnamese code
//! page, so tickets are drawn here with the bundled font and sent as an image.

use std::sync::OnceLock;

use fontdue::{Font, FontSettings};

use crate::fonts::Face;

/// A black-and-white image, row by row; `true` is a printed dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub dots: Vec<bool>,
}

impl Bitmap {
    pub fn new(width: usize, height: usize) -> Bitmap {
        Bitmap { width, height, dots: vec![false; width * height] }
    }

    pub fn get(&self, x: usize, y: usize) -> bool {
        self.dots[y * self.width + x]
    }

    fn set(&mut self, x: usize, y: usize) {
        if x < self.width && y < self.height {
            self.dots[y * self.width + x] = true;
        }
    }

    /// Printed dots in total (for tests: something was drawn, and where).
    pub fn ink(&self) -> usize {
        self.dots.iter().filter(|d| **d).count()
    }

    /// Portable bitmap (PBM, P4): a format any image viewer opens, for test artifacts.
    pub fn to_pbm(&self) -> Vec<u8> {
        let mut out = format!("P4\n{} {}\n", self.width, self.height).into_bytes();
        for row in self.dots.chunks(self.width) {
            for byte in row.chunks(8) {
                out.push(byte.iter().enumerate().fold(0u8, |b, (i, d)| if *d { b | 0x80 >> i } else { b }));
            }
        }
        out
    }
}

fn font(face: Face) -> &'static Font {
    static FONTS: [OnceLock<Font>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    FONTS[face as usize].get_or_init(|| {
        Font::from_bytes(crate::fonts::bytes(face), FontSettings::default()).expect("the bundled font parses")
    })
}

/// Width of `text` in dots at `px` pixels per em.
pub fn text_width(text: &str, face: Face, px: f32) -> f32 {
    let f = font(face);
    text.chars().map(|c| f.metrics(c, px).advance_width).sum()
}

/// Lays text out top to bottom on a canvas of fixed width that grows downwards.
pub struct Canvas {
    width: usize,
    rows: Vec<Vec<bool>>,
    margin: usize,
}

impl Canvas {
    pub fn new(width: usize, margin: usize) -> Canvas {
        Canvas { width, rows: Vec::new(), margin }
    }

    pub fn space(&mut self, dots: usize) {
        self.rows.extend((0..dots).map(|_| vec![false; self.width]));
    }

    /// `text` centred, wrapped between words to the printable width.
    pub fn centered(&mut self, text: &str, face: Face, px: f32) {
        let usable = (self.width - 2 * self.margin) as f32;
        for line in wrap(text, face, px, usable) {
            let w = text_width(&line, face, px);
            let x = self.margin as f32 + ((usable - w) / 2.0).max(0.0);
            self.line(&line, face, px, x);
        }
    }

    /// A solid horizontal rule `thickness` dots high across the printable width.
    pub fn rule(&mut self, thickness: usize) {
        for _ in 0..thickness {
            let mut row = vec![false; self.width];
            row[self.margin..self.width - self.margin].fill(true);
            self.rows.push(row);
        }
    }

    fn line(&mut self, text: &str, face: Face, px: f32, x: f32) {
        let f = font(face);
        let metrics = f.horizontal_line_metrics(px).expect("horizontal metrics");
        let height = (metrics.new_line_size.ceil() as usize).max(1);
        let baseline = metrics.ascent.ceil() as i32;
        let top = self.rows.len();
        self.space(height);
        let mut pen = x;
        for c in text.chars() {
            let (m, coverage) = f.rasterize(c, px);
            let left = pen.round() as i32 + m.xmin;
            // fontdue's ymin is the bottom of the glyph relative to the baseline, y up.
            let glyph_top = baseline - m.ymin - m.height as i32;
            for gy in 0..m.height {
                for gx in 0..m.width {
                    // Half coverage and more prints: thermal dots are on or off.
                    if coverage[gy * m.width + gx] >= 128 {
                        let (px_x, px_y) = (left + gx as i32, top as i32 + glyph_top + gy as i32);
                        if px_x >= 0 && px_y >= top as i32 && (px_y as usize) < self.rows.len() {
                            let row = &mut self.rows[px_y as usize];
                            if (px_x as usize) < row.len() {
                                row[px_x as usize] = true;
                            }
                        }
                    }
                }
            }
            pen += m.advance_width;
        }
    }

    pub fn finish(self) -> Bitmap {
        let height = self.rows.len();
        let mut bitmap = Bitmap::new(self.width, height);
        for (y, row) in self.rows.into_iter().enumerate() {
            for (x, dot) in row.into_iter().enumerate() {
                if dot {
                    bitmap.set(x, y);
                }
            }
        }
        bitmap
    }
}

/// Greedy word wrap by measured width; a word wider than the line is cut between characters.
fn wrap(text: &str, face: Face, px: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, face, px) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for c in word.chars() {
            current.push(c);
            if text_width(&current, face, px) > width && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(c);
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}
