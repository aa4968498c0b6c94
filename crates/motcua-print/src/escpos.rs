//! ESC/POS for 80 mm thermal printers: the ticket as a raster image (`GS v 0`), then feed and
//! cut. Text commands are not used at all, so no code page is needed for Vietnamese.

use crate::raster::Bitmap;

/// Dots across the printable width of an 80 mm roll at 203 dpi.
pub const DOTS_80MM: usize = 576;
/// Rows per `GS v 0` band: small enough for the input buffer of cheap printers.
const BAND_ROWS: usize = 256;

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;

/// Initialise, the image in bands, feed past the cutter, partial cut.
pub fn encode(image: &Bitmap) -> Vec<u8> {
    let bytes_per_row = image.width.div_ceil(8);
    let mut out = vec![ESC, b'@'];
    for band_top in (0..image.height).step_by(BAND_ROWS) {
        let rows = BAND_ROWS.min(image.height - band_top);
        out.extend([GS, b'v', b'0', 0]);
        out.extend((bytes_per_row as u16).to_le_bytes());
        out.extend((rows as u16).to_le_bytes());
        for y in band_top..band_top + rows {
            for byte in 0..bytes_per_row {
                let mut b = 0u8;
                for bit in 0..8 {
                    let x = byte * 8 + bit;
                    if x < image.width && image.get(x, y) {
                        b |= 0x80 >> bit;
                    }
                }
                out.push(b);
            }
        }
    }
    // ESC d 4: feed four lines so the end of the ticket clears the cutter; GS V 66 0: cut.
    out.extend([ESC, b'd', 4, GS, b'V', 66, 0]);
    out
}

/// What a printer would do with a job: the image it prints and whether it cuts. The test
/// decoder for [`encode`], also used by the fake printers in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub image: Bitmap,
    pub cut: bool,
}

/// Reads back the subset of ESC/POS that [`encode`] writes; anything else is an error.
pub fn decode(bytes: &[u8]) -> Result<Printed, String> {
    let mut i = 0;
    let mut width = None;
    let mut dots = Vec::new();
    let mut height = 0;
    let mut cut = false;
    let take = |i: &mut usize, n: usize| -> Result<&[u8], String> {
        let s = bytes.get(*i..*i + n).ok_or(format!("truncated at byte {}", *i))?;
        *i += n;
        Ok(s)
    };
    while i < bytes.len() {
        match take(&mut i, 2)? {
            [ESC, b'@'] => {}
            [ESC, b'd'] => {
                take(&mut i, 1)?;
            }
            [GS, b'V'] => {
                let m = take(&mut i, 1)?[0];
                if m == 65 || m == 66 {
                    take(&mut i, 1)?;
                }
                cut = true;
            }
            [GS, b'v'] => {
                let head = take(&mut i, 6)?;
                if head[0] != b'0' {
                    return Err(format!("GS v {} is not a raster image", head[0]));
                }
                let row_bytes = u16::from_le_bytes([head[2], head[3]]) as usize;
                let rows = u16::from_le_bytes([head[4], head[5]]) as usize;
                let w = row_bytes * 8;
                if *width.get_or_insert(w) != w {
                    return Err("bands of different widths".into());
                }
                for byte in take(&mut i, row_bytes * rows)? {
                    dots.extend((0..8).map(|bit| byte & (0x80 >> bit) != 0));
                }
                height += rows;
            }
            other => return Err(format!("unexpected command {other:02X?} at byte {}", i - 2)),
        }
    }
    let width = width.ok_or("no image")?;
    Ok(Printed { image: Bitmap { width, height, dots }, cut })
}
