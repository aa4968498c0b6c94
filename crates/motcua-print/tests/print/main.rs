//! Papers read back with the tools a reader would use: poppler (`pdftotext`, `pdffonts`,
//! `pdftoppm`), `qpdf --check`, and `zbarimg` for the QR code.

mod forms;
mod poppler;
mod receipt;
mod ticket;
mod transport;
