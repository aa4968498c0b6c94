//! `motcua calendar …`

use std::path::Path;

use anyhow::{Context, bail};
use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;

use motcua_domain::calendar::{LunarDate, OfficeHours, ProcessingTime, WorkCalendar, lunar_to_solar, solar_to_lunar};

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// Lunar date → solar date (YYYY-MM-DD).
    ToSolar {
        year: i32,
        month: u32,
        day: u32,
        /// The month is the leap month (tháng nhuận).
        #[arg(long)]
        leap: bool,
        #[arg(long)]
        json: bool,
    },
    /// Solar date (YYYY-MM-DD) → lunar date (D/M/YYYY, " nhuận" after a leap month).
    ToLunar {
        date: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Every day off of a year with its name (from the database if --db is given).
    Holidays {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// The appointment date for a processing time given in working days.
    Deadline {
        /// Received at, office local time: YYYY-MM-DDTHH:MM.
        #[arg(long, value_parser = parse_minute)]
        from: NaiveDateTime,
        #[arg(long)]
        working_days: u32,
        #[arg(long)]
        json: bool,
    },
}

fn parse_minute(s: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .map_err(|_| format!("cần dạng YYYY-MM-DDTHH:MM, nhận được {s:?}"))
}

pub fn run(cmd: CalendarCommand, db: Option<&Path>) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::ToSolar { year, month, day, leap, json } => {
            let Some(date) = lunar_to_solar(LunarDate { day, month, year, leap }) else {
                bail!("Ngày âm lịch {day}/{month}{}/{year} không tồn tại", if leap { " nhuận" } else { "" });
            };
            if json { println!("{}", serde_json::json!({ "date": date })) } else { println!("{date}") }
        }
        CalendarCommand::ToLunar { date, json } => {
            let lunar = solar_to_lunar(date);
            if json { println!("{}", serde_json::to_string(&lunar)?) } else { println!("{lunar}") }
        }
        CalendarCommand::Holidays { year, json } => {
            let days = calendar(db)?.days_off(year);
            if json {
                println!("{}", serde_json::to_string_pretty(&days)?);
            } else {
                for h in days {
                    println!("{}  {}", h.date, h.name);
                }
            }
        }
        CalendarCommand::Deadline { from, working_days, json } => {
            let at = calendar(db)?.appointment(from, &ProcessingTime::WorkingDays { days: working_days });
            let text = at.format("%Y-%m-%dT%H:%M").to_string();
            if json { println!("{}", serde_json::json!({ "appointment": text })) } else { println!("{text}") }
        }
    }
    Ok(())
}

/// The office's calendar from the database, or the defaults (Monday–Friday, 07:30–11:30 and
/// 13:30–17:00, computed holidays without official exceptions) when no database is given.
fn calendar(db: Option<&Path>) -> anyhow::Result<WorkCalendar> {
    match db {
        None => Ok(WorkCalendar::new(OfficeHours::default(), Vec::new())),
        Some(path) => {
            let app = motcua_app::CounterApp::open(path).with_context(|| format!("mở {}", path.display()))?;
            Ok(app.calendar()?)
        }
    }
}
