//! Disassembling and reassembling a whole stdlib (3.12's, or `PYCASM_BENCH_ROOT_312`):
//! `dis` of every file to text, and `asm` (parse and assemble) of every text. The
//! comparison with CPython's `dis` module on the same files is `benches/cpython_dis.py`
//! (docs/performance.md).

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use pycasm::pyc::PycFile;

// The same allocator as the `pycasm` binary.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

struct Corpus {
    /// The files' bytes: a pass parses them (marshal included, as CPython's
    /// `marshal.loads` does) and disassembles them.
    bytes: Vec<Vec<u8>>,
    texts: Vec<String>,
}

fn corpus() -> Option<&'static Corpus> {
    static C: OnceLock<Option<Corpus>> = OnceLock::new();
    C.get_or_init(|| {
        let root = std::env::var_os("PYCASM_BENCH_ROOT_312")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/root/.pyenv/versions/3.12.1/lib/python3.12"));
        if !root.is_dir() {
            eprintln!("skipping: {} is missing", root.display());
            return None;
        }
        let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| {
                let s = p.to_string_lossy();
                s.ends_with(".cpython-312.pyc") && !s.contains(".opt-")
            })
            .collect();
        paths.sort();
        let bytes: Vec<Vec<u8>> = paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter(|b| PycFile::parse(b).is_ok())
            .collect();
        let texts = bytes
            .iter()
            .filter_map(|b| PycFile::parse(b).ok())
            .filter_map(|f| pycasm::dis::disassemble(&f).ok())
            .filter_map(|t| String::from_utf8(t).ok())
            .collect();
        eprintln!("3.12: {} files from {}", bytes.len(), root.display());
        Some(Corpus { bytes, texts })
    })
    .as_ref()
}

#[divan::bench(sample_count = 5)]
fn dis(b: Bencher) {
    let Some(c) = corpus() else { return };
    b.counter(ItemsCount::new(c.bytes.len())).bench(|| {
        for data in &c.bytes {
            let file = PycFile::parse(data);
            divan::black_box(file.ok().and_then(|f| pycasm::dis::disassemble(&f).ok()));
        }
    });
}

#[divan::bench(sample_count = 5)]
fn asm(b: Bencher) {
    let Some(c) = corpus() else { return };
    b.counter(ItemsCount::new(c.texts.len())).bench(|| {
        for t in &c.texts {
            let (file, _) = pycasm::asm::parse(t);
            divan::black_box(pycasm::asm::assemble(&file, None).ok());
        }
    });
}
