//! The kiosk and hall display pages in a real browser (headless Chromium), served by an
//! office hub on loopback.

use std::time::{Duration, Instant};

use motcua_domain::queue::{CounterSetup, QueueService};
use motcua_e2e::browser::Browser;
use motcua_e2e::ui::Ui;
use motcua_queue::client::HubClient;
use motcua_queue::http::{HubState, router};
use motcua_queue::{Command, QueueHost};

const KEY: &str = "khoa";

struct Hub {
    url: String,
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn hub() -> Hub {
    let dir = tempfile::tempdir().unwrap();
    let host = QueueHost::open(&dir.path().join("hub.db"), Default::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(axum::serve(listener, router(HubState { host, key: KEY.into() })).into_future());
    let admin = HubClient::new(&url, Some(KEY.into())).unwrap();
    let services = vec![
        QueueService { prefix: "A".into(), name: "Đất đai".into() },
        QueueService { prefix: "B".into(), name: "Hộ tịch".into() },
    ];
    admin.command(&Command::SetServices { services }).unwrap();
    let counter = CounterSetup { number: 5, open: true, services: vec!["A".into(), "B".into()] };
    admin.command(&Command::SetCounter { counter }).unwrap();
    Hub { url, runtime, _dir: dir }
}

#[test]
fn the_display_shows_and_says_a_call_within_a_second() {
    let hub = hub();
    let browser = Browser::launch();
    browser.goto(&format!("{}/display", hub.url)).unwrap();
    browser.wait_text("#state", "the live connection", &|t| t == "Đang hoạt động");
    let counter = HubClient::new(&hub.url, Some(KEY.into())).unwrap();
    counter.issue("A", None).unwrap();
    counter.issue("A", None).unwrap();

    let called_at = Instant::now();
    counter.command(&Command::CallNext { counter: 5 }).unwrap();
    let shown = browser
        .wait_until("the call on the display", Duration::from_secs(5), |s| {
            let v = s.execute("return document.body.dataset.lastCall || '';", vec![])?;
            Ok((v.as_str() == Some("Mời số A001 đến quầy 5")).then(|| called_at.elapsed()))
        })
        .unwrap();
    eprintln!("[hall] the display showed the call {} ms after it was made", shown.as_millis());
    assert!(shown < Duration::from_secs(1), "shown after {shown:?}");
    assert_eq!(browser.text_of("#now-number"), "A001");
    assert_eq!(browser.text_of("#now-counter"), "đến quầy 5");

    // The voice: chime, "Mời số", A, 0, 0, 1, "đến quầy", 5 — each clip fetched from the hub.
    let expected = ["chime", "moi-so", "letter-a", "digit-0", "digit-0", "digit-1", "den-quay", "counter-5"];
    let fetched = browser
        .wait_until("the clips requested", Duration::from_secs(20), |s| {
            let played = s.execute("return window.motcuaPlayed.join(',');", vec![])?;
            let fetched = s.execute(
                "return performance.getEntriesByType('resource').map(e => e.name)
                   .filter(n => n.includes('/sounds/')).length;",
                vec![],
            )?;
            Ok((played.as_str() == Some(expected.join(",").as_str())).then_some(fetched))
        })
        .unwrap();
    assert!(fetched.as_u64().is_some_and(|n| n >= 7), "clip requests seen by the page: {fetched}");
    assert!(!browser.exists("#sound-on:not([hidden])"), "autoplay allowed: no 'turn sound on' button");

    // A recall is said again; the recent list and the waiting counts follow.
    counter.command(&Command::Recall { counter: 5 }).unwrap();
    browser
        .wait_until("the recall spoken", Duration::from_secs(20), |s| {
            let n = s.execute("return window.motcuaPlayed.filter(c => c === 'chime').length;", vec![])?;
            Ok((n.as_u64() == Some(2)).then_some(()))
        })
        .unwrap();
    browser.wait_text("#recent", "the recent calls", &|t| t.contains("A001") && t.contains("Quầy 5"));
    browser.wait_text("#waiting", "who waits", &|t| t.contains("A — Đất đai") && t.contains("1 người"));
    drop(browser);
    hub.runtime.shutdown_timeout(Duration::from_secs(2));
}

#[test]
fn the_kiosk_gives_one_ticket_per_citizen_even_tapped_twenty_times_a_second() {
    let hub = hub();
    let browser = Browser::launch();
    browser.goto(&format!("{}/kiosk", hub.url)).unwrap();
    browser.el(".service[data-service=\"B\"]");
    // A priority group, then the service.
    browser.click_on(".group[data-group=\"elderly\"]");
    browser.click_on(".service[data-service=\"B\"]");
    browser.wait_text("#ticket-number", "the ticket number", &|t| t == "B001");
    let ahead = browser.text_of("#ticket-ahead");
    assert_eq!(ahead, "Bạn là người tiếp theo");

    // Twenty taps in a second on the next screen: one ticket.
    browser
        .wait_until("the service buttons back", Duration::from_secs(15), |s| {
            Ok(s.find(".service[data-service=\"A\"]:not([disabled])")?.filter(|e| s.is_displayed(e).unwrap_or(false)))
        })
        .unwrap();
    browser
        .execute(
            "const b = document.querySelector('.service[data-service=\"A\"]');
             for (let i = 0; i < 20; i++) setTimeout(() => b.click(), i * 50);",
            vec![],
        )
        .unwrap();
    browser.wait_text("#ticket-number", "the second ticket", &|t| t == "A001");
    std::thread::sleep(Duration::from_millis(1200));
    let status = HubClient::new(&hub.url, None).unwrap().status().unwrap();
    assert_eq!(status.waiting, 2, "B001 and one A ticket, not twenty");
    // The priority ticket is called first by a counter serving both services.
    let counter = HubClient::new(&hub.url, Some(KEY.into())).unwrap();
    match counter.command(&Command::CallNext { counter: 5 }).unwrap() {
        motcua_queue::Outcome::Called { label, ticket, .. } => {
            assert_eq!(label, "B001");
            assert!(ticket.priority.is_some());
        }
        other => panic!("{other:?}"),
    }
    // An unknown service answers in Vietnamese on the kiosk.
    browser
        .execute(
            "fetch('/api/v0/queue/tickets', {method: 'POST', headers: {'Content-Type': 'application/json'},
               body: JSON.stringify({service: 'Z'})}).then(r => r.json()).then(b => document.body.dataset.err = b.message);",
            vec![],
        )
        .unwrap();
    let err = browser
        .wait_until("the refusal", Duration::from_secs(5), |s| {
            let v = s.execute("return document.body.dataset.err || '';", vec![])?;
            Ok(v.as_str().filter(|m| !m.is_empty()).map(str::to_owned))
        })
        .unwrap();
    assert_eq!(err, "Không có dịch vụ \"Z\" trong hàng đợi của bộ phận.");
    drop(browser);
    hub.runtime.shutdown_timeout(Duration::from_secs(2));
}
