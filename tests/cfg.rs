//! Control-flow graphs of real code objects of every version.

use pycasm::cfg::{Cfg, EdgeKind};
use pycasm::code::{instr, Code};
use pycasm::pyc::PycFile;
use pycasm::Version;

mod support;

fn files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for v in Version::ALL {
        if let Some(py) = support::interpreter(v) {
            out.extend(support::sample_pycs(&py, 30));
        }
    }
    out.extend(support::spread(support::corpus_314(), 60));
    out
}

#[test]
fn graphs_of_real_code_keep_every_instruction_and_edge() {
    let (mut codes, mut blocks) = (0, 0);
    for f in files() {
        let pyc = PycFile::read(&f).expect("parses");
        let root = Code::from_pyc(&pyc).expect("decodes");
        root.walk(&mut |c, _| {
            let cfg = Cfg::build(c).unwrap_or_else(|e| panic!("{}: {}: {e}", f.display(), c.name));
            let n = instr::decode(&c.code, c.version).expect("decodes").len();
            assert_eq!(cfg.instruction_count(), n, "{}: {}", f.display(), c.name);
            assert_eq!(cfg.layout.len(), cfg.graph.node_count());
            for &b in &cfg.layout {
                let block = &cfg.graph[b];
                // Only a block's last instruction may jump.
                for inst in &block.insts[..block.insts.len().saturating_sub(1)] {
                    assert!(
                        inst.target.is_none(),
                        "{}: {}: jump inside a block",
                        f.display(),
                        c.name
                    );
                }
                if let Some(t) = block.insts.last().and_then(|i| i.target) {
                    assert!(cfg
                        .graph
                        .edges_connecting(b, t)
                        .any(|e| matches!(e.weight(), EdgeKind::Jump | EdgeKind::Setup)));
                }
            }
            codes += 1;
            blocks += cfg.layout.len();
        });
    }
    eprintln!("{codes} code objects, {blocks} blocks");
    assert!(codes > 1000);
}

#[test]
fn unchanged_graphs_write_back_cpython_bytes() {
    let mut stats: std::collections::BTreeMap<Version, (usize, usize)> = Default::default();
    for f in files() {
        let pyc = PycFile::read(&f).expect("parses");
        let root = Code::from_pyc(&pyc).expect("decodes");
        root.walk(&mut |c, _| {
            let cfg = Cfg::build(c).expect("builds");
            let back = cfg
                .linearize(c)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", f.display(), c.name));
            let same = back.code == c.code
                && back.linetable == c.linetable
                && back.exceptiontable == c.exceptiontable;
            let e = stats.entry(c.version).or_default();
            e.0 += 1;
            e.1 += usize::from(same);
            if !same {
                // Up to 3.9 CPython may size jumps differently (see tests/emit.rs);
                // the instructions must still be the same ones.
                let ops = |code: &[u8]| -> Vec<u8> {
                    instr::decode(code, c.version)
                        .expect("decodes")
                        .iter()
                        .map(|i| i.opcode)
                        .collect()
                };
                assert_eq!(ops(&back.code), ops(&c.code), "{}: {}", f.display(), c.name);
            }
        });
    }
    for (v, (codes, same)) in &stats {
        eprintln!("{v}: {same} of {codes} code objects written back identically");
        if (Version::V3_10..=Version::V3_13).contains(v) {
            assert_eq!(codes, same, "{v}");
        }
    }
}
