//! The kiosk's ticket printer, held by the hub: each ticket taken at the kiosk page is
//! rasterised (Vietnamese prints on any ESC/POS printer) and sent after it is committed.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::bail;

use motcua_domain::papers::PrinterConfig;
use motcua_print::{JobFormat, PrintJob, Ticket};
use motcua_queue::Outcome;
use motcua_queue::http::TicketPrinter;

pub struct KioskPrinter {
    printer: PrinterConfig,
    office_name: String,
    hotlines: Vec<String>,
}

impl KioskPrinter {
    /// `tcp:HOST:PORT`, `device:PATH`, `system:NAME` or `folder:DIR`.
    pub fn from_spec(spec: &str, office_name: &str, hotlines: &[String]) -> anyhow::Result<KioskPrinter> {
        let printer = match spec.split_once(':') {
            Some(("tcp", addr)) => {
                let Some((host, port)) = addr.rsplit_once(':') else {
                    bail!("--ticket-printer tcp:HOST:PORT (got {spec:?})")
                };
                PrinterConfig::Network { host: host.to_owned(), port: port.parse()? }
            }
            Some(("device", path)) => PrinterConfig::Device { path: PathBuf::from(path) },
            Some(("system", name)) => PrinterConfig::System { name: name.to_owned() },
            Some(("folder", dir)) => PrinterConfig::Folder { dir: PathBuf::from(dir) },
            _ => bail!("--ticket-printer: tcp:HOST:PORT, device:PATH, system:NAME or folder:DIR (got {spec:?})"),
        };
        Ok(KioskPrinter { printer, office_name: office_name.to_owned(), hotlines: hotlines.to_vec() })
    }

    pub fn shared(self) -> Arc<dyn TicketPrinter> {
        Arc::new(self)
    }
}

impl TicketPrinter for KioskPrinter {
    fn print(&self, issued: &Outcome) -> Result<(), String> {
        let Outcome::Issued { ticket, label, service_name, people_ahead, estimated_wait_minutes } = issued else {
            return Ok(());
        };
        let paper = Ticket {
            office_name: self.office_name.clone(),
            service: service_name.clone(),
            number: label.clone(),
            issued_at: ticket.issued_at,
            people_ahead: *people_ahead,
            estimated_wait_minutes: *estimated_wait_minutes,
            hotlines: self.hotlines.clone(),
        };
        let job = PrintJob { name: format!("ticket-{label}"), format: JobFormat::EscPos, bytes: paper.escpos() };
        motcua_print::send(&self.printer, &job).map_err(|e| e.to_string())
    }
}
