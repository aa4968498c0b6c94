//! `motcua feedback`: feedback and recommendations (phản ánh, kiến nghị) from scripts.

use std::path::Path;

use anyhow::Context;
use clap::Subcommand;

use motcua_domain::feedback::{FeedbackAction, FeedbackDraft, FeedbackType};

use crate::data::{open, read_input};

#[derive(Subcommand)]
pub enum FeedbackCommand {
    /// Records an item from JSON (a file, or - for standard input), e.g. {"channel":"hotline",
    /// "type_key":"giai_quyet_ho_so","content":"…"}; prints it with its number and deadline.
    Add {
        #[arg(long = "json", value_name = "FILE|-")]
        file: String,
    },
    /// Assigns, answers or publishes an item, from JSON: {"action":"assign","user_id":"…",
    /// "user_name":"…"}, {"action":"answer","text":"…"} or {"action":"publish"}.
    Act {
        number: String,
        #[arg(long = "json", value_name = "FILE|-")]
        file: String,
    },
    /// One item with every action taken on it.
    Show { number: String },
    /// Overdue items and those due by the end of the next working day.
    Due,
    /// The newest items.
    List,
    /// The office's feedback types and their answer deadlines in working days; with --set,
    /// replaces them from JSON: [{"key":"dat_dai","label":"…","answer_within_working_days":15}, …].
    Types {
        #[arg(long = "set", value_name = "FILE|-")]
        set: Option<String>,
    },
}

pub fn run(cmd: FeedbackCommand, db: Option<&Path>) -> anyhow::Result<()> {
    let app = open(db, false)?;
    match cmd {
        FeedbackCommand::Add { file } => {
            let draft: FeedbackDraft =
                serde_json::from_str(&read_input(&file)?).context("Phản ánh, kiến nghị không đúng định dạng JSON")?;
            json(&app.record_feedback(draft)?)?;
        }
        FeedbackCommand::Act { number, file } => {
            let action: FeedbackAction = serde_json::from_str(&read_input(&file)?)
                .context("Thao tác không đúng định dạng JSON (cần trường \"action\": assign, answer hoặc publish)")?;
            json(&serde_json::json!({ "status": app.feedback_action(&number, action)? }))?;
        }
        FeedbackCommand::Show { number } => json(&app.feedback_item(&number)?)?,
        FeedbackCommand::Due => json(&app.feedback_due()?)?,
        FeedbackCommand::List => json(&app.recent_feedback()?)?,
        FeedbackCommand::Types { set: None } => json(&app.feedback_types()?)?,
        FeedbackCommand::Types { set: Some(file) } => {
            let types: Vec<FeedbackType> = serde_json::from_str(&read_input(&file)?)
                .context("Danh sách loại phản ánh không đúng định dạng JSON")?;
            json(&app.set_feedback_types(types)?)?;
        }
    }
    Ok(())
}

/// Every feedback command answers in JSON: these are for scripts.
fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
