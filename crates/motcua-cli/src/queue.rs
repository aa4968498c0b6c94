//! `motcua queue …`: the office queue through its hub, as a counter or the supervisor would.

use clap::{Subcommand, ValueEnum};

use motcua_domain::queue::{CounterSetup, PriorityGroup, QueueService, call_text};
use motcua_queue::client::HubClient;
use motcua_queue::{Command, Outcome};

#[derive(Subcommand)]
pub enum QueueCommand {
    /// Take a ticket, as the kiosk does.
    Issue {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        service: String,
        /// Served first (people with disabilities, the elderly, pregnant women…).
        #[arg(long)]
        priority: bool,
        /// Which priority group (with --priority).
        #[arg(long, value_enum)]
        group: Option<Group>,
        #[arg(long)]
        json: bool,
    },
    /// "Gọi tiếp" at counter N.
    Call {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        counter: u32,
        #[arg(long)]
        json: bool,
    },
    /// What a counter does with its current ticket: recall, start, finish, no-show.
    Ticket {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        counter: u32,
        #[arg(value_enum)]
        action: TicketAction,
    },
    /// Send counter N's current ticket back to waiting, for another service and/or counter.
    Transfer {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        counter: u32,
        #[arg(long)]
        to_service: Option<String>,
        #[arg(long)]
        to_counter: Option<u32>,
    },
    /// The supervisor sets the services: `--service "A=Đất đai" --service "B=Hộ tịch"`.
    Services {
        #[command(flatten)]
        hub: Hub,
        #[arg(long = "service", required = true)]
        services: Vec<String>,
    },
    /// The supervisor opens or closes counter N and sets its services.
    Counter {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        number: u32,
        /// Comma-separated prefixes, e.g. A,B.
        #[arg(long, value_delimiter = ',')]
        services: Vec<String>,
        #[arg(long)]
        closed: bool,
    },
    /// With the hub key: a new key for counter N's PC, printed once (the hub keeps only its
    /// hash). Enrolling the counter again replaces the key; the old one stops working.
    Enrol {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        counter: u32,
        /// The supervisor's PC: its key may also open and close counters and set the services.
        #[arg(long)]
        supervisor: bool,
    },
    /// The live view: waiting per service, counters, today's figures.
    Status {
        #[command(flatten)]
        hub: Hub,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct Hub {
    /// The queue hub, e.g. http://192.168.1.10:8700.
    #[arg(long, env = "MOTCUA_HUB")]
    hub: String,
    /// The hub key (the supervisor's), or a counter's own key from `motcua queue enrol`.
    /// Also read from MOTCUA_HUB_KEY.
    #[arg(long, env = "MOTCUA_HUB_KEY", hide_env_values = true)]
    key: Option<String>,
}

impl Hub {
    fn client(&self) -> anyhow::Result<HubClient> {
        Ok(HubClient::new(&self.hub, self.key.clone())?)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Group {
    Disability,
    Elderly,
    PregnantOrSmallChild,
    Merit,
    Other,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TicketAction {
    Recall,
    Start,
    Finish,
    NoShow,
}

pub fn run(command: QueueCommand) -> anyhow::Result<()> {
    match command {
        QueueCommand::Issue { hub, service, priority, group, json } => {
            let group = group.map(|g| match g {
                Group::Disability => PriorityGroup::Disability,
                Group::Elderly => PriorityGroup::Elderly,
                Group::PregnantOrSmallChild => PriorityGroup::PregnantOrSmallChild,
                Group::Merit => PriorityGroup::Merit,
                Group::Other => PriorityGroup::Other,
            });
            let priority = group.or(priority.then_some(PriorityGroup::Other));
            show(&hub.client()?.issue(&service, priority)?, json)
        }
        QueueCommand::Call { hub, counter, json } => {
            show(&hub.client()?.command(&Command::CallNext { counter })?, json)
        }
        QueueCommand::Ticket { hub, counter, action } => {
            let command = match action {
                TicketAction::Recall => Command::Recall { counter },
                TicketAction::Start => Command::Start { counter },
                TicketAction::Finish => Command::Finish { counter },
                TicketAction::NoShow => Command::NoShow { counter },
            };
            show(&hub.client()?.command(&command)?, false)
        }
        QueueCommand::Transfer { hub, counter, to_service, to_counter } => {
            show(&hub.client()?.command(&Command::Transfer { counter, service: to_service, to_counter })?, false)
        }
        QueueCommand::Services { hub, services } => {
            let services = services
                .iter()
                .map(|s| {
                    let (prefix, name) = s.split_once('=').ok_or_else(|| {
                        anyhow::anyhow!("dịch vụ viết dạng KÝ_HIỆU=Tên, ví dụ \"A=Đất đai\" (nhận được {s:?})")
                    })?;
                    Ok(QueueService { prefix: prefix.into(), name: name.into() })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            show(&hub.client()?.command(&Command::SetServices { services })?, false)
        }
        QueueCommand::Counter { hub, number, services, closed } => {
            let counter = CounterSetup { number, open: !closed, services };
            show(&hub.client()?.command(&Command::SetCounter { counter })?, false)
        }
        QueueCommand::Enrol { hub, counter, supervisor } => {
            println!("{}", hub.client()?.enrol(counter, supervisor)?);
            Ok(())
        }
        QueueCommand::Status { hub, json } => {
            let status = hub.client()?.status()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
                return Ok(());
            }
            println!("Đang chờ: {}  Đã phục vụ: {}  Vắng mặt: {}", status.waiting, status.served, status.no_show);
            for s in &status.services {
                println!("  {} {}: {} đang chờ", s.prefix, s.name, s.waiting);
            }
            for c in &status.counters {
                let state = if c.open { c.current.as_deref().unwrap_or("trống") } else { "đóng" };
                println!("  Quầy {}: {}", c.number, state);
            }
            Ok(())
        }
    }
}

fn show(outcome: &Outcome, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(outcome)?);
        return Ok(());
    }
    match outcome {
        Outcome::Issued { label, people_ahead, estimated_wait_minutes, .. } => {
            println!("{label}  (trước bạn: {people_ahead} người, chờ khoảng {estimated_wait_minutes} phút)")
        }
        Outcome::Called { label, ticket, .. } => println!("{}", call_text(label, ticket.counter.unwrap_or_default())),
        Outcome::Updated { label, ticket } => println!("{label}: {}", ticket.state.as_str()),
        Outcome::CounterEnrolled { counter } => println!("Quầy {counter} đã đăng ký"),
        Outcome::ServicesSet { services } => println!("{} dịch vụ", services.len()),
        Outcome::CounterSet { counter } => {
            println!(
                "Quầy {}: {} ({})",
                counter.number,
                if counter.open { "mở" } else { "đóng" },
                counter.services.join(", ")
            )
        }
    }
    Ok(())
}
