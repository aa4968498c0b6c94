//! QR codes drawn as vector squares: crisp at any printer resolution and a few hundred bytes.

use qrcodegen::{QrCode, QrCodeEcc};

use crate::error::PrintError;

/// The dark modules of a QR code, quiet zone included.
pub struct Modules {
    pub width: usize,
    dark: Vec<bool>,
}

/// Modules of white border the standard asks for around the code.
const QUIET_ZONE: usize = 4;

impl Modules {
    /// Error correction M: survives a crease or a smudge on a paper kept in a pocket.
    pub fn encode(data: &str) -> Result<Modules, PrintError> {
        let code = QrCode::encode_binary(data.as_bytes(), QrCodeEcc::Medium)
            .map_err(|e| PrintError::QrTooLong(e.to_string()))?;
        let inner = code.size() as usize;
        let width = inner + 2 * QUIET_ZONE;
        let mut dark = vec![false; width * width];
        for row in 0..inner {
            for col in 0..inner {
                dark[(row + QUIET_ZONE) * width + col + QUIET_ZONE] = code.get_module(col as i32, row as i32);
            }
        }
        Ok(Modules { width, dark })
    }

    pub fn is_dark(&self, row: usize, col: usize) -> bool {
        self.dark[row * self.width + col]
    }

    /// Per row, the runs of dark modules as (first column, length): one rectangle per run.
    pub fn dark_runs(&self) -> Vec<Vec<(usize, usize)>> {
        (0..self.width)
            .map(|row| {
                let mut runs = Vec::new();
                let mut col = 0;
                while col < self.width {
                    if self.is_dark(row, col) {
                        let start = col;
                        while col < self.width && self.is_dark(row, col) {
                            col += 1;
                        }
                        runs.push((start, col - start));
                    } else {
                        col += 1;
                    }
                }
                runs
            })
            .collect()
    }
}
