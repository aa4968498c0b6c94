//! Running the PDF tools on a rendered paper.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `artifacts/print/` at the workspace root: rendered pages kept for a human to look at.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/print");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is missing ({e}); `cargo xtask test` installs it"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The text of every page, in reading order (`pdftotext -layout` would interleave columns).
pub fn text(pdf: &Path) -> String {
    run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

pub fn page_count(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).expect("Pages: line")
}

/// Rows of `pdffonts`: (name, embedded, subset, has ToUnicode).
pub fn fonts(pdf: &Path) -> Vec<(String, bool, bool, bool)> {
    run("pdffonts", &[pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (cols[0].to_owned(), cols[n - 5] == "yes", cols[n - 4] == "yes", cols[n - 3] == "yes")
        })
        .collect()
}

pub fn qpdf_check(pdf: &Path) {
    run("qpdf", &["--check", pdf.to_str().unwrap()]);
}

/// Renders page `page` to `<stem>.png` at 150 dpi and returns its path.
pub fn render_page(pdf: &Path, page: usize, stem: &Path) -> PathBuf {
    let p = page.to_string();
    run(
        "pdftoppm",
        &["-png", "-r", "150", "-f", &p, "-l", &p, "-singlefile", pdf.to_str().unwrap(), stem.to_str().unwrap()],
    );
    stem.with_extension("png")
}

/// Every QR code `zbarimg` finds in an image.
pub fn qr_codes(png: &Path) -> Vec<String> {
    run("zbarimg", &["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png.to_str().unwrap()])
        .lines()
        .map(str::to_owned)
        .collect()
}
