//! The city server on a loopback socket inside a test process (feature `loopback`): what the
//! counter app's tests and its window tests sync with, on a real SQLite file.

use std::path::Path;

use motcua_city_db::CityDb;
use motcua_city_db::console::{CityConsoleDb, CityRole};
use motcua_city_sqlite::SqliteCityDb;

/// The server serving its database until dropped.
pub struct LoopbackCity {
    pub url: String,
    _runtime: tokio::runtime::Runtime,
}

impl LoopbackCity {
    /// Serves `db` on `addr` (`127.0.0.1:0`: any free port; a former address: the server back
    /// where its clients expect it).
    pub fn start(db: &Path, addr: &str) -> LoopbackCity {
        Self::start_with_updates(db, addr, None)
    }

    /// The same, handing out the app's updates from `updates` (`motcua-server --updates DIR`).
    pub fn start_with_updates(db: &Path, addr: &str, updates: Option<&Path>) -> LoopbackCity {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the city server");
        let city = SqliteCityDb::open(db).expect("open the city database");
        let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).expect("bind the city server");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let mut app = crate::city::router(city);
        if let Some(dir) = updates {
            app = app.merge(crate::updates::router(dir.to_owned()));
        }
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        runtime.spawn(axum::serve(listener, app).into_future());
        LoopbackCity { url, _runtime: runtime }
    }

    /// `host:port`, to start it again at the same place.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

/// Creates the office in `db` and issues a one-time code for it, valid for a day, as
/// `motcua-server … office add` and `… enrolment-code` do.
pub fn office_with_code(db: &Path, unit_code: &str, name: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let city = SqliteCityDb::open(db).expect("open the city database");
        let office = city.create_office(unit_code, name).await.expect("create the office");
        let code = crate::enrolment::new_code();
        let expires = chrono::Utc::now().timestamp() + 86_400;
        city.issue_enrolment_code(office, &crate::enrolment::code_sha256(&code), expires).await.expect("issue a code");
        code
    })
}

/// A city staff account in `db`, as `motcua-server … city-user add` makes it.
pub fn city_user(db: &Path, username: &str, full_name: &str, role: CityRole, password: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let city = SqliteCityDb::open(db).expect("open the city database");
        let hash = motcua_store::password::hash_password(password).expect("hash the password");
        city.add_city_user(username, full_name, role, &hash).await.expect("add the account").expect("a new username");
    })
}

/// Another one-time code for the office with `unit_code`, made earlier (a second PC).
pub fn code_for_office(db: &Path, unit_code: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let city = SqliteCityDb::open(db).expect("open the city database");
        let office = city.office_by_unit_code(unit_code).await.expect("read the office").expect("the office");
        let code = crate::enrolment::new_code();
        let expires = chrono::Utc::now().timestamp() + 86_400;
        city.issue_enrolment_code(office.id, &crate::enrolment::code_sha256(&code), expires)
            .await
            .expect("issue a code");
        code
    })
}

/// The codes of the dossiers stored in `db`, in the server's order, read from the file (WAL
/// lets a test read while the server writes).
pub fn stored_dossier_codes(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open the city database");
    let mut stmt =
        conn.prepare("SELECT payload FROM ops WHERE kind = 'dossier.received' ORDER BY seq").expect("a query");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("the dossiers")
        .map(|p| {
            let payload: serde_json::Value = serde_json::from_str(&p.expect("a payload")).expect("JSON");
            payload["code"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

/// (op id, device_seq) of every op stored in `db`, in the server's order: what the fault
/// tests compare with the counter's log.
pub fn stored_op_order(db: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).expect("open the city database");
    let mut stmt = conn.prepare("SELECT id, device_seq FROM ops ORDER BY seq").expect("a query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("the ops").map(|r| r.expect("an op")).collect()
}
