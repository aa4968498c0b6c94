//! Test-side helpers over a [`Session`]: find, click and type by CSS selector, waiting (bounded)
//! for the element and retrying when a re-render replaced it. They panic with the selector in
//! the message, which is what a failing test should say.

use std::time::Duration;

use serde_json::Value;

use crate::webdriver::{Element, Session, WdResult};

/// How long a screen may take to react to a click or to typing.
pub const UI_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the app may take to show its first screen after launch.
pub const LAUNCH_TIMEOUT: Duration = Duration::from_secs(45);

pub trait Ui {
    /// Waits until `css` is shown and returns it.
    fn el(&self, css: &str) -> Element;
    /// Whether `css` matches something right now.
    fn exists(&self, css: &str) -> bool;
    /// Clicks `css` once it is shown and clickable.
    fn click_on(&self, css: &str);
    /// Clicks `css` and types `text` (may hold special keys such as [`crate::webdriver::ENTER`]).
    fn type_into(&self, css: &str, text: &str);
    /// Replaces the value of the input `css` by `text` and checks the input holds it.
    fn fill(&self, css: &str, text: &str);
    /// The `value` property of the input `css`.
    fn value_of(&self, css: &str) -> String;
    /// The rendered text of `css`.
    fn text_of(&self, css: &str) -> String;
    /// Waits until the input `css` has the value `expected`.
    fn wait_value(&self, css: &str, expected: &str) -> String;
    /// Waits until `pred` holds for the text of `css`; returns that text.
    fn wait_text(&self, css: &str, what: &str, pred: &dyn Fn(&str) -> bool) -> String;
    /// Runs a script (function body) and returns its result.
    fn js(&self, script: &str) -> Value;
    /// The id of the focused element.
    fn focused_id(&self) -> String;
}

/// Retries `f` on transient WebDriver errors (stale or not yet interactable) for `UI_TIMEOUT`.
fn retry<T>(s: &Session, what: &str, mut f: impl FnMut(&Session) -> WdResult<T>) -> T {
    s.wait_until(what, UI_TIMEOUT, |s| f(s).map(Some)).unwrap_or_else(|e| panic!("{what}: {e}"))
}

impl Ui for Session {
    #[track_caller]
    fn el(&self, css: &str) -> Element {
        self.wait_for(css, UI_TIMEOUT).unwrap_or_else(|e| panic!("{e}"))
    }

    fn exists(&self, css: &str) -> bool {
        self.find(css).unwrap_or_else(|e| panic!("looking for `{css}`: {e}")).is_some()
    }

    #[track_caller]
    fn click_on(&self, css: &str) {
        // Cards above that finish loading move the element between WebDriver's scroll and its
        // click, which then lands on whatever took its place: click once it holds still.
        self.wait_until(&format!("click `{css}`"), UI_TIMEOUT, |s| {
            let el = s.wait_for(css, UI_TIMEOUT)?;
            let before = s.rect_in_view(&el)?;
            std::thread::sleep(Duration::from_millis(50));
            if s.rect_in_view(&el)? != before {
                return Ok(None);
            }
            s.click(&el).map(Some)
        })
        .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    #[track_caller]
    fn type_into(&self, css: &str, text: &str) {
        retry(self, &format!("type into `{css}`"), |s| {
            let el = s.wait_for(css, UI_TIMEOUT)?;
            s.click(&el)?;
            s.send_keys(&el, text)
        });
    }

    #[track_caller]
    fn fill(&self, css: &str, text: &str) {
        // A re-render landing between the clear and the `input` event (the queue bar polls
        // every two seconds) can put the old value back under the typing: then fill again.
        for _ in 0..3 {
            let typed = retry(self, &format!("fill `{css}` with {text:?}"), |s| {
                let el = s.wait_for(css, UI_TIMEOUT)?;
                s.clear(&el)?;
                // WebDriver's clear fires no `input` event: tell the (controlled) Preact
                // input, so a re-render does not bring the old value back.
                s.execute(
                    "arguments[0].dispatchEvent(new Event('input', { bubbles: true })); return true;",
                    vec![Session::arg(&el)],
                )?;
                // WebDriver refuses to type nothing: an empty `text` is the cleared input.
                if !text.is_empty() {
                    s.send_keys(&el, text)?;
                }
                Ok(s.property(&el, "value")?.as_str().unwrap_or_default().to_owned())
            });
            if typed == text {
                break;
            }
        }
        self.wait_value(css, text);
    }

    #[track_caller]
    fn value_of(&self, css: &str) -> String {
        retry(self, &format!("read the value of `{css}`"), |s| {
            let el = s.wait_for(css, UI_TIMEOUT)?;
            Ok(s.property(&el, "value")?.as_str().unwrap_or_default().to_owned())
        })
    }

    #[track_caller]
    fn text_of(&self, css: &str) -> String {
        retry(self, &format!("read the text of `{css}`"), |s| {
            let el = s.wait_for(css, UI_TIMEOUT)?;
            s.text(&el)
        })
    }

    #[track_caller]
    fn wait_value(&self, css: &str, expected: &str) -> String {
        let mut last = String::new();
        let res = self.wait_until(&format!("`{css}` to hold {expected:?}"), UI_TIMEOUT, |s| {
            let Some(el) = s.find(css)? else {
                return Ok(None);
            };
            last = s.property(&el, "value")?.as_str().unwrap_or_default().to_owned();
            Ok((last == expected).then(|| last.clone()))
        });
        res.unwrap_or_else(|e| panic!("{e}; it holds {last:?}"))
    }

    #[track_caller]
    fn wait_text(&self, css: &str, what: &str, pred: &dyn Fn(&str) -> bool) -> String {
        let mut last: Option<String> = None;
        let res = self.wait_until(&format!("`{css}` to show {what}"), UI_TIMEOUT, |s| {
            let Some(el) = s.find(css)? else {
                return Ok(None);
            };
            let t = s.text(&el)?;
            let ok = pred(&t);
            last = Some(t.clone());
            Ok(ok.then_some(t))
        });
        res.unwrap_or_else(|e| panic!("{e}; its text: {last:?}"))
    }

    #[track_caller]
    fn js(&self, script: &str) -> Value {
        self.execute(script, Vec::new()).unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    fn focused_id(&self) -> String {
        self.js("return document.activeElement ? document.activeElement.id : '';")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}
