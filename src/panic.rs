//! Panics as errors: a panic is a bug, and its message may quote input values (a string
//! slice panic prints the string), so only its location may reach a log or a terminal.
//!
//! [`install_hook`] replaces the default hook (which prints the message to stderr) by one
//! that records `file:line` for [`catch`] and hands it to a reporter; [`catch`] runs work
//! and turns a panic into [`Error::Panic`] with that location.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Error, Result};

thread_local! {
    /// Where the last panic on this thread happened, as the hook saw it.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a process-wide panic hook that never prints or logs the panic's message:
/// it records the location (`file:line`) for [`catch`] on the panicking thread and
/// calls `report` with it (a log line in the service; nothing on the command line,
/// which reports the caught error itself).
pub fn install_hook(report: fn(&str)) {
    std::panic::set_hook(Box::new(move |info| {
        let location = info.location().map_or_else(
            || "unknown location".to_owned(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        report(&location);
        LAST.with(|last| *last.borrow_mut() = Some(location));
    }));
}

/// Runs `work`; a panic in it becomes [`Error::Panic`] with the location the hook
/// recorded (none when no hook from [`install_hook`] is installed).
pub fn catch<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    LAST.with(|last| last.borrow_mut().take());
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(_) => Err(Error::Panic { location: last_location() }),
    }
}

/// The location of the last panic on this thread, if the hook recorded one; clears it.
pub fn last_location() -> Option<String> {
    LAST.with(|last| last.borrow_mut().take())
}
