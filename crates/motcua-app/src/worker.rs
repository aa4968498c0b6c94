//! A background thread of the app (the daily backup, the mailer): one pass after a first wait,
//! then on a timer and whenever woken; dropping it stops the thread (a pass in progress ends
//! first) and joins it.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

pub(crate) struct Worker {
    name: &'static str,
    wake: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    pub(crate) fn start(
        name: &'static str,
        first_after: Duration,
        every: Duration,
        mut pass: impl FnMut() + Send + 'static,
    ) -> Option<Worker> {
        let (wake, woken) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new().name(name.into()).spawn(move || {
            let mut wait = first_after;
            loop {
                match woken.recv_timeout(wait) {
                    Ok(()) | Err(RecvTimeoutError::Timeout) => pass(),
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                wait = every;
            }
        });
        match thread {
            Ok(thread) => Some(Worker { name, wake: Some(wake), thread: Some(thread) }),
            Err(e) => {
                tracing::error!(worker = name, error = %e, "background thread did not start");
                None
            }
        }
    }

    /// A pass now (after the one in progress, if any).
    pub(crate) fn wake(&self) {
        if let Some(w) = &self.wake {
            let _ = w.send(());
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.wake.take());
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!(worker = self.name, "background thread panicked");
        }
    }
}
