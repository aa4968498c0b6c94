//! `motcua-server --office-hub --db sqlite:PATH --listen ADDR`: the office queue on the LAN.
//! `motcua-server --db sqlite:PATH|postgres://… --listen ADDR`: the city server.
//! `motcua-server --db … office|enrolment-code|device …`: the city admin's commands ([`admin`]).
//!
//! The hub key (what counter apps and the supervisor present) comes from `MOTCUA_HUB_KEY`, or
//! is made once and kept in `PATH.key` beside the database (readable by the hub's account
//! only), so a restarted hub keeps working with the counters already set up.

use std::path::PathBuf;

use anyhow::bail;
use clap::Parser;

use motcua_queue::HostConfig;
use motcua_queue::office_hub::{self, HubOptions, key_beside};

mod ticket_printer;

use motcua_server::limits::Limits;
use motcua_server::{admin, city};

#[derive(Parser)]
#[command(
    name = "motcua-server",
    about = "Máy chủ Một Cửa: máy chủ thành phố (đồng bộ), hoặc hàng đợi của bộ phận (--office-hub)"
)]
struct Args {
    #[command(subcommand)]
    admin: Option<admin::AdminCommand>,
    /// Host the office queue on the LAN instead of the city server.
    #[arg(long)]
    office_hub: bool,
    /// `sqlite:PATH` (made on first start) or, for the city server, `postgres://…`.
    /// (Before an admin command: `motcua-server --db … device list`.)
    #[arg(long)]
    db: String,
    /// Address to listen on, e.g. 0.0.0.0:8700 for the office LAN.
    #[arg(long, default_value = "127.0.0.1:8700")]
    listen: String,
    /// Calls after the first before a ticket counts as a no-show.
    #[arg(long, default_value_t = 3)]
    max_recalls: u32,
    /// The kiosk's thermal printer (ESC/POS): tcp:HOST:PORT, device:/dev/usb/lp0,
    /// system:NAME (the OS spooler), or folder:DIR.
    #[arg(long)]
    ticket_printer: Option<String>,
    /// The office's name, printed on tickets.
    #[arg(long, default_value = "Bộ phận Một cửa")]
    office_name: String,
    /// A hotline printed on tickets (repeat for several).
    #[arg(long = "hotline")]
    hotlines: Vec<String>,
    /// City server: sync requests per second one device may make (bursts of three seconds'
    /// worth).
    #[arg(long, default_value_t = 50.0)]
    device_rate: f64,
    /// City server: enrolment attempts per minute from one address (bursts of as many).
    #[arg(long, default_value_t = 10.0)]
    enrol_per_min: f64,
    /// City server: serve HTTPS with this certificate (PEM, the chain after it) …
    #[arg(long, requires = "key")]
    cert: Option<PathBuf>,
    /// … and this private key (PEM).
    #[arg(long, requires = "cert")]
    key: Option<PathBuf>,
    /// City server: hand out the counter app's updates from this folder (`latest.json` and
    /// the packages it names) under /updates/.
    #[arg(long)]
    updates: Option<PathBuf>,
}

/// The city database `--db` names.
enum CityStore {
    Sqlite(motcua_city_sqlite::SqliteCityDb),
    Postgres(motcua_city_postgres::PostgresCityDb),
}

async fn open_city_db(db: &str) -> anyhow::Result<CityStore> {
    if let Some(path) = db.strip_prefix("sqlite:") {
        Ok(CityStore::Sqlite(motcua_city_sqlite::SqliteCityDb::open(std::path::Path::new(path))?))
    } else if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Ok(CityStore::Postgres(motcua_city_postgres::PostgresCityDb::connect(db, 16).await?))
    } else {
        bail!("--db must be sqlite:PATH or postgres://… (got {db:?})");
    }
}

/// A city admin's command, on the database `--db` names.
fn city_admin(db: &str, command: admin::AdminCommand) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
        match open_city_db(db).await? {
            CityStore::Sqlite(db) => admin::run(db, command).await,
            CityStore::Postgres(db) => admin::run(db, command).await,
        }
    })
}

/// `motcua-server --db sqlite:PATH|postgres://… --listen ADDR [--cert PEM --key PEM]`: the
/// city server, over HTTPS when given a certificate.
fn city_server(
    db: &str,
    listen: &str,
    limits: Limits,
    tls: Option<(PathBuf, PathBuf)>,
    updates: Option<PathBuf>,
) -> anyhow::Result<()> {
    if let Some(dir) = &updates
        && !dir.is_dir()
    {
        bail!("--updates {}: không có thư mục này", dir.display());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let mut app = match open_city_db(db).await? {
            CityStore::Sqlite(db) => city::router_with(db, limits),
            CityStore::Postgres(db) => city::router_with(db, limits),
        };
        if let Some(dir) = updates {
            app = app.merge(motcua_server::updates::router(dir));
        }
        if let Some((cert, key)) = tls {
            return serve_tls(app, listen, &cert, &key).await;
        }
        let listener = tokio::net::TcpListener::bind(listen).await?;
        // The test harness and scripts wait for this line.
        eprintln!("motcua-server: city server listening on http://{}", listener.local_addr()?);
        // The client's address: enrolment attempts are limited per address.
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        anyhow::Ok(())
    })
}

/// HTTPS through OpenSSL (the certificate file may hold its chain after it); a bad file is a
/// clear error at start, not a server that fails every handshake.
async fn serve_tls(
    app: axum::Router,
    listen: &str,
    cert: &std::path::Path,
    key: &std::path::Path,
) -> anyhow::Result<()> {
    use anyhow::Context;
    use axum_server::tls_openssl::{OpenSSLAcceptor, OpenSSLConfig};
    let config = OpenSSLConfig::from_pem_chain_file(cert, key)
        .with_context(|| format!("chứng chỉ {} hoặc khóa {} không dùng được", cert.display(), key.display()))?;
    let listener = std::net::TcpListener::bind(listen)?;
    // The test harness and scripts wait for this line.
    eprintln!("motcua-server: city server listening on https://{}", listener.local_addr()?);
    let handle = axum_server::Handle::new();
    let stop = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        stop.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    axum_server::from_tcp(listener)?
        .acceptor(OpenSSLAcceptor::new(config))
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .await?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MOTCUA_LOG")
                .unwrap_or_else(|_| "info,motcua_store=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if let Some(command) = args.admin {
        return city_admin(&args.db, command);
    }
    if !args.office_hub {
        let limits = Limits {
            device_burst: args.device_rate * 3.0,
            device_per_s: args.device_rate,
            enrol_burst: args.enrol_per_min,
            enrol_per_min: args.enrol_per_min,
        };
        let tls = args.cert.zip(args.key);
        return city_server(&args.db, &args.listen, limits, tls, args.updates);
    }
    let Some(path) = args.db.strip_prefix("sqlite:") else {
        bail!("--db must be sqlite:PATH for the office hub (got {:?})", args.db);
    };
    let path = PathBuf::from(path);
    let key = key_beside(&path)?;
    let mut config = HostConfig::default();
    config.limits.max_recalls = args.max_recalls;
    let printer = match &args.ticket_printer {
        Some(spec) => Some(ticket_printer::KioskPrinter::from_spec(spec, &args.office_name, &args.hotlines)?.shared()),
        None => None,
    };
    let options = HubOptions { db: path, listen: args.listen, key, config, printer, office_name: args.office_name };
    let hub = office_hub::start(options)?;
    // The test harness and scripts wait for this line.
    eprintln!("motcua-server: office hub listening on http://{}", hub.addr());
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    hub.stop();
    Ok(())
}
