//! Papers benchmark: how long a counter PC takes to make each paper, and how big it is, next
//! to a floor measured in the same run: a one-page PDF of 40 plain lines in the same embedded,
//! subset font (what any A4 paper costs at least).
//!
//! `cargo bench -p motcua-print --bench papers` (also run by `cargo xtask bench`) prints the
//! table. Nothing is asserted: goals are printed as PASS/MISS.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};

use motcua_benchkit::pass;
use motcua_print::a4::{Paper, Style, regular};
use motcua_print::log_book::{LogBook, LogEntry};
use motcua_print::{FormSet, Ticket, log_book, receipt};

fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(h, m, 0).unwrap()
}

fn sample_ticket() -> Ticket {
    Ticket {
        office_name: "UBND phường Ba Đình".into(),
        service: "Hộ tịch".into(),
        number: "A015".into(),
        issued_at: at(23, 8, 0),
        people_ahead: 4,
        estimated_wait_minutes: 12,
        hotlines: vec!["1900 1234".into()],
    }
}

fn sample_book(n: usize) -> LogBook {
    let entries = (0..n)
        .map(|i| {
            let received = at(2, 7, 30) + chrono::Duration::minutes(3 * i as i64);
            LogEntry {
                code: format!("000.00.21.H26-2611{:02}-{:04}", 2 + i / 100, i % 100 + 1),
                procedure_name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản".into(),
                sets: 1,
                applicant_name: format!("Trần Thị Đào {i}"),
                address: "Số 1 ngõ 2 Đội Cấn, phường Ba Đình, Hà Nội".into(),
                phone: "0912345678".into(),
                agency: "UBND phường Ba Đình".into(),
                received_at: received,
                appointment_at: received + chrono::Duration::days(1),
                returned_at: None,
                note: String::new(),
            }
        })
        .collect();
    let (from, to) = (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    LogBook {
        office_name: "Bộ phận Một cửa UBND phường Ba Đình".into(), volume: "2026".into(), from, to, entries
    }
}

/// The floor: 40 plain lines on one A4 page, the same font embedded and subset.
fn forty_lines() -> Vec<u8> {
    let mut paper = Paper::new("40 dòng");
    paper.begin_section();
    for i in 0..40 {
        paper.paragraph(&[regular(format!("Dòng {i:02}: Cộng hòa xã hội chủ nghĩa Việt Nam"))], Style::body(12.0));
    }
    paper.finish()
}

struct Row {
    label: &'static str,
    p50: Duration,
    p95: Duration,
    bytes: usize,
    goal: String,
}

/// Runs `f` (after 3 warm-up calls) `n` times; p50, p95 and the size of its output.
fn measure(n: usize, mut f: impl FnMut() -> Vec<u8>) -> (Duration, Duration, usize) {
    let mut bytes = 0;
    for _ in 0..3 {
        bytes = f().len();
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| times[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
    (at(0.5), at(0.95), bytes)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let quick = std::env::var("MOTCUA_BENCH_QUICK").is_ok_and(|v| v == "1");
    let n = if quick { 30 } else { 200 };
    let forms = FormSet::by_id("tt03-2025").unwrap();
    let r = receipt::sample();
    let t = sample_ticket();
    let book = sample_book(1000);

    let floor = measure(n, forty_lines);
    let receipt = measure(n, || receipt::render(&r, &forms).unwrap());
    let ticket = measure(n * 5, || t.escpos());
    let ticket_pdf = measure(n, || t.pdf());
    let book_run = measure(if quick { 3 } else { 15 }, || log_book::render(&book, &forms).unwrap());

    let rows = [
        Row {
            label: "floor: 40 plain lines, one A4 page",
            p50: floor.0,
            p95: floor.1,
            bytes: floor.2,
            goal: String::new(),
        },
        Row {
            label: "receipt, 2 copies with QR",
            p50: receipt.0,
            p95: receipt.1,
            bytes: receipt.2,
            goal: format!(
                "p95 ≤ 10 ms: {}; ≤ 60 KB: {}",
                pass(receipt.1 <= Duration::from_millis(10)),
                pass(receipt.2 <= 60_000)
            ),
        },
        Row {
            label: "queue ticket to ESC/POS (raster)",
            p50: ticket.0,
            p95: ticket.1,
            bytes: ticket.2,
            goal: format!("p95 ≤ 5 ms: {}", pass(ticket.1 <= Duration::from_millis(5))),
        },
        Row {
            label: "queue ticket to PDF (80 mm)",
            p50: ticket_pdf.0,
            p95: ticket_pdf.1,
            bytes: ticket_pdf.2,
            goal: String::new(),
        },
        Row {
            label: "log book, 1,000 dossiers (landscape)",
            p50: book_run.0,
            p95: book_run.1,
            bytes: book_run.2,
            goal: format!("≤ 300 ms: {}", pass(book_run.1 <= Duration::from_millis(300))),
        },
    ];
    println!("# Papers benchmark ({} runs each; the log book {})", n, if quick { 3 } else { 15 });
    println!("{:<40} {:>9} {:>9} {:>9} {:>13}  goal", "ms", "p50", "p95", "KB", "×floor p50");
    for row in rows {
        println!(
            "{:<40} {:>9.2} {:>9.2} {:>9.1} {:>12.1}×  {}",
            row.label,
            ms(row.p50),
            ms(row.p95),
            row.bytes as f64 / 1000.0,
            ms(row.p50) / ms(floor.0),
            row.goal
        );
    }
}
