//! Writing a paper to a file: whole or not at all, since a print folder may be watched by a
//! spooler that would print a half-written PDF.

use std::io::Write;
use std::path::Path;

use crate::error::PrintError;

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it into place.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), PrintError> {
    let io = |source| PrintError::Io { path: path.to_owned(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io(std::io::Error::other("no file name")))?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(".partial");
    let partial = dir.join(partial_name);
    let result = (|| {
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map_err(io)
}
