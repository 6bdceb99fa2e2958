//! Marshal read and write throughput over a whole stdlib's .pyc bodies.
//!
//! `cargo bench --bench marshal` measures, per corpus:
//! - `read`: `marshal::read` of every body (the bytes after the header);
//! - `write`: `marshal::write` of every tree read (checked to give the same bytes).
//!
//! The corpora are chosen exactly like `benches/cpython_marshal.py` chooses them, so its
//! `marshal.loads`/`marshal.dumps` figures compare directly (see docs/performance.md).
//! A corpus whose directory is missing is skipped with a message. `PYCASM_BENCH_ROOT_<TAG>`
//! (e.g. `PYCASM_BENCH_ROOT_312`) overrides a directory.
//!
//! With `PYCASM_BENCH_CPU=1` it reports the thread's CPU time instead (Linux
//! `/proc/thread-self/schedstat`, best of 15 runs), like `cpython_marshal.py --cpu`:
//! on a machine shared with other jobs, the figure they disturb least.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use pycasm::{marshal, Version};

// The same allocator as the `pycasm` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if std::env::var_os("PYCASM_BENCH_CPU").is_some() {
        cpu_time();
    } else {
        divan::main();
    }
}

/// The thread's CPU time so far, in nanoseconds.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Best of 15 runs of `f`, in CPU nanoseconds.
fn best_cpu(f: impl Fn()) -> Option<u64> {
    (0..15)
        .map(|_| {
            let t = cpu_ns()?;
            f();
            Some(cpu_ns()? - t)
        })
        .min()
        .flatten()
}

fn cpu_time() {
    for tag in CORPORA {
        let Some(c) = corpus(tag) else { continue };
        let read = best_cpu(|| {
            for b in &c.bodies {
                divan::black_box(marshal::read(divan::black_box(b), c.version).ok());
            }
        });
        let trees = c.trees();
        let write = best_cpu(|| {
            for t in trees {
                divan::black_box(marshal::write(divan::black_box(t), c.version).ok());
            }
        });
        let (Some(read), Some(write)) = (read, write) else {
            eprintln!("no /proc/thread-self/schedstat: CPU time is not available");
            return;
        };
        let rate = |ns: u64| c.bytes as f64 / ns as f64 * 1e3;
        println!(
            "{tag}: read {:.1} ms {:.0} MB/s  write {:.1} ms {:.0} MB/s (CPU time, best of 15)",
            read as f64 / 1e6,
            rate(read),
            write as f64 / 1e6,
            rate(write)
        );
    }
}

/// One corpus: a version and its .pyc bodies.
struct Corpus {
    version: Version,
    bodies: Vec<Vec<u8>>,
    /// The bodies read, for the write benchmark (built on first use).
    trees: OnceLock<Vec<marshal::Tree<'static>>>,
    bytes: usize,
}

impl Corpus {
    fn trees(&self) -> &[marshal::Tree<'static>] {
        self.trees.get_or_init(|| {
            let trees: Vec<marshal::Tree<'static>> = self
                .bodies
                .iter()
                .map(|b| {
                    let tree = marshal::read(b, self.version).expect("stdlib body reads");
                    tree.into_owned()
                })
                .collect();
            for (b, t) in self.bodies.iter().zip(&trees) {
                assert_eq!(&marshal::write(t, self.version).expect("writes"), b);
            }
            trees
        })
    }
}

const CORPORA: [&str; 3] = ["2.7", "3.12", "3.14"];

fn default_root(tag: &str) -> (Version, PathBuf) {
    match tag {
        "2.7" => (
            Version::V2_7,
            "/root/.pyenv/versions/2.7.18/lib/python2.7".into(),
        ),
        "3.12" => (
            Version::V3_12,
            "/root/.pyenv/versions/3.12.1/lib/python3.12".into(),
        ),
        _ => (Version::V3_14, "/work/shared/corpus/cpython-3.14".into()),
    }
}

/// Every `*.cpython-XY.pyc` in a `__pycache__` (2.7: every `*.pyc`) under `root`, no
/// `.opt-` variants, sorted: the same rule as `cpython_marshal.py`.
fn pyc_files(root: &Path, version: Version) -> Vec<PathBuf> {
    let suffix = if version == Version::V2_7 {
        ".pyc".to_string()
    } else {
        format!(".{}.pyc", version.cache_tag())
    };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let in_cache = p
                .parent()
                .and_then(|d| d.file_name())
                .is_some_and(|d| d == "__pycache__");
            name.ends_with(&suffix)
                && !name.contains(".opt-")
                && (version == Version::V2_7 || in_cache)
        })
        .collect();
    files.sort();
    files
}

fn corpus(tag: &str) -> Option<&'static Corpus> {
    static CACHE: [OnceLock<Option<Corpus>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = CORPORA.iter().position(|t| *t == tag)?;
    CACHE[i]
        .get_or_init(|| {
            let (version, root) = default_root(tag);
            let var = format!("PYCASM_BENCH_ROOT_{}", tag.replace('.', ""));
            let root = std::env::var_os(&var).map(PathBuf::from).unwrap_or(root);
            if !root.is_dir() {
                eprintln!("skipping {tag}: {} is missing", root.display());
                return None;
            }
            let header = version.header_len();
            let bodies: Vec<Vec<u8>> = pyc_files(&root, version)
                .iter()
                .filter_map(|p| std::fs::read(p).ok())
                .filter(|d| d.len() >= header)
                .map(|d| d[header..].to_vec())
                .collect();
            let bytes = bodies.iter().map(Vec::len).sum();
            eprintln!(
                "{tag}: {} files, {bytes} body bytes from {}",
                bodies.len(),
                root.display()
            );
            Some(Corpus {
                version,
                bodies,
                trees: OnceLock::new(),
                bytes,
            })
        })
        .as_ref()
}

#[divan::bench(args = CORPORA, sample_count = 10, sample_size = 1)]
fn read(bencher: Bencher, tag: &str) {
    let Some(c) = corpus(tag) else { return };
    bencher
        .counter(BytesCount::new(c.bytes))
        .counter(ItemsCount::new(c.bodies.len()))
        .bench(|| {
            for b in &c.bodies {
                divan::black_box(marshal::read(divan::black_box(b), c.version).ok());
            }
        });
}

#[divan::bench(args = CORPORA, sample_count = 10, sample_size = 1)]
fn write(bencher: Bencher, tag: &str) {
    let Some(c) = corpus(tag) else { return };
    let trees = c.trees();
    bencher
        .counter(BytesCount::new(c.bytes))
        .counter(ItemsCount::new(c.bodies.len()))
        .bench(|| {
            for t in trees {
                divan::black_box(marshal::write(divan::black_box(t), c.version).ok());
            }
        });
}
