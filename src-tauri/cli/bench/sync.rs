//! `controlroom bench sync`: a full first sync from the simulator over loopback, then an
//! incremental sync of about 1,000 changes. The simulator and each sync run as separate
//! processes of this same binary, so the peak memory measured is the sync's own (its VmHWM,
//! from `wait4`), and the timings include everything a user would wait for.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::cache::{self, FEED_HOSO};
use crate::source::{Client, FeedStart, RetryPolicy, SourceConfig};
use crate::sync::SyncReport;

#[derive(Debug, clap::Args)]
pub struct BenchSyncArgs {
    /// Dossiers in the simulator's history.
    #[arg(long, default_value_t = 100_000)]
    pub dossiers: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Records per page.
    #[arg(long, default_value_t = 5000)]
    pub limit: u32,
    /// Changes to wait for before the incremental sync.
    #[arg(long, default_value_t = 1000)]
    pub changes: u32,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Keep the cache here instead of a temporary file (removed at the end).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

/// The simulator's "now": a Monday morning, so that the live changes are working-hour ones.
const SIM_NOW: &str = "20261116080000";
/// How long to wait for the live simulator to accumulate the changes.
const CHANGES_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Debug, Serialize)]
struct Results {
    dossiers: u64,
    seed: u64,
    page_limit: u32,
    sim_ready_seconds: f64,
    full: Run,
    full_dossiers_per_second: f64,
    /// The sync process's peak resident memory (VmHWM), bytes.
    full_peak_rss_bytes: u64,
    /// The cache file with its WAL, after the full sync, bytes.
    cache_bytes: u64,
    incremental: Run,
    incremental_peak_rss_bytes: u64,
    /// The simulator's live speed-up used to produce the changes.
    live_speed: f64,
}

#[derive(Debug, Serialize)]
struct Run {
    /// Wall time of the `controlroom sync` process, start to exit.
    seconds: f64,
    /// Records taken: upserted + tombstoned + quarantined + stale.
    records: u64,
    /// CPU time (user + system) of the sync process, and of the simulator meanwhile: on a
    /// busy machine these say more than the wall time.
    cpu_seconds: f64,
    sim_cpu_seconds: f64,
    report: SyncReport,
}

pub fn run(args: BenchSyncArgs) -> ExitCode {
    match bench(&args) {
        Ok(r) => {
            if args.json {
                match serde_json::to_string_pretty(&r) {
                    Ok(s) => println!("{s}"),
                    Err(e) => return crate::cli::fail(e),
                }
            } else {
                print_table(&r);
            }
            ExitCode::SUCCESS
        }
        Err(e) => crate::cli::fail(format!("bench sync: {e}")),
    }
}

/// A child process of this binary, killed when dropped.
struct Sim {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Live speed-up: about 100 changes a real second whatever the history size.
fn live_speed(dossiers: u64) -> f64 {
    (3.6e8 / dossiers.max(1) as f64).clamp(60.0, 36_000.0)
}

fn start_sim(exe: &Path, args: &BenchSyncArgs, speed: f64) -> Result<Sim, String> {
    let mut child = Command::new(exe)
        .args(["sim", "--port", "0", "--quiet", "--now", SIM_NOW])
        .args(["--seed", &args.seed.to_string()])
        .args(["--dossiers", &args.dossiers.to_string()])
        .args(["--live", &speed.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the simulator: {e}"))?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout of the simulator")?);
    let mut line = String::new();
    stdout
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the simulator's address: {e}"))?;
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("the simulator did not say where it listens: {line:?}"))?
        .to_string();
    Ok(Sim {
        child,
        _stdout: stdout,
        url,
    })
}

/// Runs `controlroom sync` as a child and returns its run and its peak memory.
fn timed_sync(exe: &Path, sim: &Sim, db: &Path, limit: u32) -> Result<(Run, u64), String> {
    let url = &sim.url;
    let sim_cpu = cpu_seconds_of(sim.child.id());
    let started = Instant::now();
    let child = Command::new(exe)
        .args([
            "sync",
            "--json",
            "--source",
            url,
            "--limit",
            &limit.to_string(),
        ])
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the sync: {e}"))?;
    let (status, usage, stdout, stderr) = wait_with_usage(child)?;
    let seconds = started.elapsed().as_secs_f64();
    let sim_cpu_seconds = cpu_seconds_of(sim.child.id()) - sim_cpu;
    if !status {
        return Err(format!("the sync failed: {}", stderr.trim()));
    }
    let report: SyncReport = parse_report(&stdout)?;
    let records = report.upserted + report.tombstoned + report.quarantined + report.stale;
    Ok((
        Run {
            seconds,
            records,
            cpu_seconds: usage.cpu_seconds,
            sim_cpu_seconds,
            report,
        },
        usage.peak_rss_bytes,
    ))
}

fn parse_report(stdout: &str) -> Result<SyncReport, String> {
    let v: Value = serde_json::from_str(stdout.trim())
        .map_err(|e| format!("the sync printed no JSON summary ({e}): {stdout}"))?;
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    Ok(SyncReport {
        pages: n("pages"),
        upserted: n("upserted"),
        tombstoned: n("tombstoned"),
        quarantined: n("quarantined"),
        released: n("released"),
        stale: n("stale"),
        retries: n("retries"),
        seconds: v.get("seconds").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

/// What a finished child used.
#[derive(Debug, Default, Clone, Copy)]
struct Usage {
    peak_rss_bytes: u64,
    cpu_seconds: f64,
}

/// User + system CPU seconds of a running process so far (0 where /proc is unknown).
fn cpu_seconds_of(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    (ticks(11) + ticks(12)) / hz
}

/// Waits for the child with `wait4`, which gives that child's own peak resident set and CPU.
#[cfg(unix)]
fn wait_with_usage(mut child: Child) -> Result<(bool, Usage, String, String), String> {
    use std::io::Read;
    // Drain the pipes on threads so that a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().ok_or("no stdout")?;
    let mut err = child.stderr.take().ok_or("no stderr")?;
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: plain FFI call with valid pointers to locals; the child is ours and not yet
    // reaped (std's `Child` is never waited on after this).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if rc != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let used = Usage {
        // ru_maxrss is in kilobytes on Linux.
        peak_rss_bytes: usage.ru_maxrss as u64 * 1024,
        cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    Ok((success, used, stdout, stderr))
}

#[cfg(not(unix))]
fn wait_with_usage(child: Child) -> Result<(bool, Usage, String, String), String> {
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok((
        out.status.success(),
        Usage::default(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn cache_bytes(db: &Path) -> u64 {
    let with = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    file_size(db) + file_size(&with("-wal"))
}

/// Polls the feed from the cache's saved cursor until `want` changes are waiting.
fn wait_for_changes(url: &str, db: &Path, want: u32) -> Result<(), String> {
    let conn = cache::open(db).map_err(|e| e.to_string())?;
    let pos = cache::feed_position(&conn, FEED_HOSO).map_err(|e| e.to_string())?;
    drop(conn);
    let start = match pos.cursor {
        Some(c) => FeedStart::Cursor(c),
        None => return Err("the full sync saved no cursor".into()),
    };
    let client = Client::new(
        &SourceConfig {
            base_url: url.to_string(),
            token: None,
        },
        RetryPolicy {
            max_attempts: 3,
            backoff: crate::source::backoff::Backoff::new(Duration::from_secs(1)),
            timeout: Duration::from_secs(30),
        },
    )
    .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let waited = Instant::now();
    runtime.block_on(async {
        loop {
            let page = client
                .feed_page(&start, want)
                .await
                .map_err(|e| e.to_string())?;
            if page.records.len() as u32 >= want {
                return Ok(());
            }
            if waited.elapsed() > CHANGES_TIMEOUT {
                return Err(format!(
                    "only {} changes arrived in {} s",
                    page.records.len(),
                    CHANGES_TIMEOUT.as_secs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
}

fn bench(args: &BenchSyncArgs) -> Result<Results, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let (db, temporary) = match &args.db {
        Some(p) => (p.clone(), None),
        None => {
            let dir =
                std::env::temp_dir().join(format!("controlroom-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            (dir.join("cache.db"), Some(dir))
        }
    };
    let speed = live_speed(args.dossiers);
    let ready = Instant::now();
    let sim = start_sim(&exe, args, speed)?;
    let sim_ready_seconds = ready.elapsed().as_secs_f64();

    let (full, full_peak) = timed_sync(&exe, &sim, &db, args.limit)?;
    let cache_bytes = cache_bytes(&db);
    wait_for_changes(&sim.url, &db, args.changes)?;
    let (incremental, incremental_peak) = timed_sync(&exe, &sim, &db, args.limit)?;
    drop(sim);
    if let Some(dir) = temporary {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(Results {
        dossiers: args.dossiers,
        seed: args.seed,
        page_limit: args.limit,
        sim_ready_seconds,
        full_dossiers_per_second: full.report.upserted as f64 / full.seconds,
        full,
        full_peak_rss_bytes: full_peak,
        cache_bytes,
        incremental,
        incremental_peak_rss_bytes: incremental_peak,
        live_speed: speed,
    })
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn print_table(r: &Results) {
    println!(
        "bench sync: {} dossiers, seed {}, pages of {}, simulator over loopback (ready in {:.1} s)",
        r.dossiers, r.seed, r.page_limit, r.sim_ready_seconds
    );
    println!("  {:<22} {:>12}", "what", "measured");
    println!(
        "  {:<22} {:>12}  ({} dossiers, {} pages, {:.1} s)",
        "full sync",
        format!("{:.0}/s", r.full_dossiers_per_second),
        r.full.report.upserted,
        r.full.report.pages,
        r.full.seconds
    );
    println!(
        "  {:<22} {:>12}  (sync process {:.1} s, simulator {:.1} s)",
        "CPU time of full sync",
        format!("{:.1} s", r.full.cpu_seconds + r.full.sim_cpu_seconds),
        r.full.cpu_seconds,
        r.full.sim_cpu_seconds
    );
    println!(
        "  {:<22} {:>12}",
        "peak memory (VmHWM)",
        mb(r.full_peak_rss_bytes)
    );
    println!(
        "  {:<22} {:>12}  ({:.0} bytes/dossier)",
        "cache size",
        mb(r.cache_bytes),
        r.cache_bytes as f64 / r.full.report.upserted.max(1) as f64
    );
    println!(
        "  {:<22} {:>12}  ({} changes, peak {})",
        "incremental sync",
        format!("{:.2} s", r.incremental.seconds),
        r.incremental.records,
        mb(r.incremental_peak_rss_bytes)
    );
}
