//! Graphviz output, for a person to look at.

use std::fmt::Write;

use super::{Cfg, EdgeKind};

impl Cfg {
    /// The graph in Graphviz `dot` syntax: one box per block listing its
    /// instructions, solid edges for fall-through and jumps, dashed for handlers.
    pub fn to_dot(&self, name: &str) -> String {
        let table = self.version.opcodes();
        let mut out = String::new();
        let _ = writeln!(out, "digraph \"{}\" {{", escape(name));
        let _ = writeln!(
            out,
            "  node [shape=box, fontname=\"monospace\", fontsize=10];"
        );
        for (n, &b) in self.layout.iter().enumerate() {
            let mut label = format!("B{n}\\l");
            for inst in &self.graph[b].insts {
                let op = table
                    .by_code(inst.opcode)
                    .map_or_else(|| format!("<{}>", inst.opcode), |i| i.name.to_string());
                let line = inst
                    .position
                    .line
                    .map_or(String::new(), |l| format!("{l:>4} "));
                let arg = match inst.target {
                    Some(t) => format!(
                        " B{}",
                        self.layout
                            .iter()
                            .position(|&x| x == t)
                            .unwrap_or(usize::MAX)
                    ),
                    None if table.by_code(inst.opcode).is_some_and(|i| i.has_arg) => {
                        format!(" {}", inst.arg)
                    }
                    None => String::new(),
                };
                let _ = write!(label, "{line}{}{arg}\\l", escape(&op));
            }
            let _ = writeln!(out, "  b{} [label=\"{label}\"];", b.index());
        }
        for e in self.graph.edge_indices() {
            let Some((from, to)) = self.graph.edge_endpoints(e) else {
                continue;
            };
            let style = match self.graph[e] {
                EdgeKind::Fall => "",
                EdgeKind::Jump => " [color=blue]",
                EdgeKind::Setup | EdgeKind::Exception => " [style=dashed, color=red]",
            };
            let _ = writeln!(out, "  b{} -> b{}{style};", from.index(), to.index());
        }
        out.push_str("}\n");
        out
    }
}

impl Cfg {
    /// A plain-text listing: each block with its instructions and successors.
    pub fn to_text(&self, name: &str) -> String {
        let table = self.version.opcodes();
        let index = |b| {
            self.layout
                .iter()
                .position(|&x| x == b)
                .unwrap_or(usize::MAX)
        };
        let mut out = format!("{name}:\n");
        for (n, &b) in self.layout.iter().enumerate() {
            let succ: Vec<String> = self
                .graph
                .edges(b)
                .map(|e| {
                    let kind = match e.weight() {
                        EdgeKind::Fall => "fall",
                        EdgeKind::Jump => "jump",
                        EdgeKind::Setup => "setup",
                        EdgeKind::Exception => "except",
                    };
                    format!("{kind} B{}", index(petgraph::visit::EdgeRef::target(&e)))
                })
                .collect();
            let _ = writeln!(out, "  B{n}: -> {}", succ.join(", "));
            for inst in &self.graph[b].insts {
                let op = table
                    .by_code(inst.opcode)
                    .map_or_else(|| format!("<{}>", inst.opcode), |i| i.name.to_string());
                let line = inst
                    .position
                    .line
                    .map_or("-".to_string(), |l| l.to_string());
                let arg = match inst.target {
                    Some(t) => format!(" B{}", index(t)),
                    None if table.by_code(inst.opcode).is_some_and(|i| i.has_arg) => {
                        format!(" {}", inst.arg)
                    }
                    None => String::new(),
                };
                let _ = writeln!(out, "    {line:>5}  {op}{arg}");
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
