//! Shared by the benchmarks (`cargo xtask bench`): the machine line every table starts with,
//! the filesystem its files are on, where `target/` is, and the small formatters.

use std::path::{Path, PathBuf};

/// "AMD EPYC, 2 cores, 7.8 GiB RAM", from `/proc` (Linux; "unknown" elsewhere).
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_owned()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1048576.0);
    format!("{cpu}, {cores} cores, {ram:.1} GiB RAM")
}

/// The mount holding `dir` (longest matching mount point in /proc/mounts): type and device.
pub fn filesystem_of(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 3 && dir.starts_with(f[1]))
                .then(|| (f[1].len(), format!("{} ({}, mounted at {})", f[2], f[0], f[1])))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, s)| s)
        .unwrap_or_else(|| "unknown".into())
}

/// `target/` of this workspace: a bench binary runs from `target/release/deps/`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("current exe");
    exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir)
}

pub fn pass(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

/// 12345678 → "12,345,678".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Latency percentiles of a set of timings (nearest rank).
pub struct Stats {
    pub n: usize,
    pub p50: std::time::Duration,
    pub p95: std::time::Duration,
    pub p99: std::time::Duration,
    pub max: std::time::Duration,
}

impl Stats {
    /// The percentiles of `v`, which must not be empty.
    pub fn of(mut v: Vec<std::time::Duration>) -> Stats {
        assert!(!v.is_empty(), "no timings");
        v.sort();
        let at = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Stats { n: v.len(), p50: at(0.50), p95: at(0.95), p99: at(0.99), max: *v.last().unwrap() }
    }
}

/// Milliseconds, for the tables.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Deletes a SQLite file and its companions (WAL, shared memory, rollback journal), if any.
pub fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The number of dossiers in a cached benchmark database, if its schema version is `schema`
/// (a database from an older build is made again, not measured).
pub fn cached_rows(path: &Path, schema: i64) -> Option<i64> {
    if !path.exists() {
        return None;
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(path, flags).ok()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()?;
    if version != schema {
        return None;
    }
    conn.query_row("SELECT count(*) FROM dossiers", [], |r| r.get(0)).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000), "1,000");
        assert_eq!(super::thousands(12_345_678), "12,345,678");
    }
}
