//! The embedded font (Noto Serif, SIL OFL 1.1, `assets/fonts/`): it covers every Vietnamese
//! letter as a precomposed glyph, so NFC text needs no shaping. printpdf embeds the subset a
//! paper uses; `ttf-parser` gives the advance widths line wrapping needs.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

/// The faces papers use: body text, headings and labels, the date line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    fn file(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../../assets/fonts/NotoSerif-Regular.ttf"),
            Face::Bold => include_bytes!("../../../assets/fonts/NotoSerif-Bold.ttf"),
            Face::Italic => include_bytes!("../../../assets/fonts/NotoSerif-Italic.ttf"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The face's font file (for the thermal rasteriser).
pub(crate) fn bytes(face: Face) -> &'static [u8] {
    face.file()
}

/// Parsed once per process: parsing a face takes longer than rendering a receipt.
struct Loaded {
    pdf: ParsedFont,
    /// Advance width of each character, in em (font units / units per em).
    advance: HashMap<char, f32>,
    /// The same for U+0000..U+1FFF (Latin and every precomposed Vietnamese letter), by code
    /// point, NaN where the face lacks it: line wrapping measures every word, and hashing each
    /// character was a tenth of a receipt's time.
    advance_table: Vec<f32>,
    /// Advance of a character the face lacks (never in Vietnamese NFC text).
    missing: f32,
}

fn loaded(face: Face) -> &'static Loaded {
    static FACES: [OnceLock<Loaded>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    FACES[face.index()].get_or_init(|| {
        let bytes = face.file();
        let pdf = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled font parses");
        let parsed = ttf_parser::Face::parse(bytes, 0).expect("the bundled font parses");
        let upm = f32::from(parsed.units_per_em());
        let mut advance = HashMap::new();
        if let Some(cmap) = parsed.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|cp| {
                    if let (Some(c), Some(gid)) = (char::from_u32(cp), subtable.glyph_index(cp))
                        && let Some(w) = parsed.glyph_hor_advance(gid)
                    {
                        advance.entry(c).or_insert(f32::from(w) / upm);
                    }
                });
            }
        }
        let missing = parsed.glyph_hor_advance(ttf_parser::GlyphId(0)).map_or(0.5, |w| f32::from(w) / upm);
        let mut advance_table = vec![f32::NAN; TABLE_END as usize];
        for (&c, &w) in advance.iter().filter(|(c, _)| (**c as u32) < TABLE_END) {
            advance_table[c as usize] = w;
        }
        Loaded { pdf, advance, advance_table, missing }
    })
}

/// The face for printpdf to embed (it subsets it when the document is saved).
pub fn pdf_font(face: Face) -> &'static ParsedFont {
    &loaded(face).pdf
}

/// Code points below this are looked up in `Loaded::advance_table`.
const TABLE_END: u32 = 0x2000;

/// Width of `text` set in `face` at `size_pt`, in points.
pub fn width_pt(text: &str, face: Face, size_pt: f32) -> f32 {
    let f = loaded(face);
    let advance = |c: char| match f.advance_table.get(c as usize) {
        Some(w) if !w.is_nan() => *w,
        Some(_) => f.missing,
        None => f.advance.get(&c).copied().unwrap_or(f.missing),
    };
    text.chars().map(advance).sum::<f32>() * size_pt
}

/// Whether the face draws `c` (a character it lacks would print as an empty box).
pub fn covers(c: char) -> bool {
    c.is_whitespace() || loaded(Face::Regular).advance.contains_key(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_is_covered_in_nfc() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            assert!(covers(c), "{c} (U+{:04X}) is not in the font", c as u32);
        }
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = width_pt("Nguyễn", Face::Regular, 12.0);
        assert!(a > 0.0);
        assert!(width_pt("Nguyễn Văn", Face::Regular, 12.0) > a);
        assert!((width_pt("Nguyễn", Face::Regular, 24.0) - 2.0 * a).abs() < 0.01);
        assert!(width_pt("Nguyễn", Face::Bold, 12.0) > a, "bold is wider");
    }
}
