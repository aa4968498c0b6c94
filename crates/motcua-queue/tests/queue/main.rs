//! The queue host against real SQLite files: the rules in process, then the LAN API on
//! loopback sockets under 30 counters and 1,000 tickets at once.

mod access;
mod concurrency;
mod durability;
mod rules;
mod support;
mod today;
