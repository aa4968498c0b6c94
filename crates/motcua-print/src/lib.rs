//! Papers the counter prints. A4 forms are laid out here from the form set's captions
//! (`forms`), written with printpdf into PDFs that embed the subset of the bundled Vietnamese
//! font they use (`fonts`, `a4`). No I/O except where a transport sends the bytes.

pub mod a4;
pub mod control_sheet;
mod error;
pub mod escpos;
pub mod fonts;
pub mod forms;
mod letterhead;
pub mod letters;
pub mod log_book;
pub mod output;
pub mod qr;
pub mod raster;
pub mod receipt;
pub mod test_page;
pub mod ticket;
pub mod transport;
#[cfg(windows)]
#[allow(unsafe_code)]
mod windows_spooler;

pub use error::PrintError;
pub use forms::{DEFAULT_FORM_SET, FormSet};
pub use receipt::Receipt;
pub use ticket::Ticket;
pub use transport::{JobFormat, PrintJob, PrinterConfig, send};
