//! Diagnostics for text input: what went wrong, where (a span), and a hint.
//!
//! Every layer that reads `.pyasm` text reports [`Diagnostic`]s; rendering them with
//! codespan-reporting (file, line, column, the source line with the span underlined)
//! is separate from creating them.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

use crate::asm::ast::Span;

/// How bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The input is rejected.
    Error,
    /// Accepted, but probably not what was meant.
    Warning,
}

/// One problem in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where.
    pub span: Span,
    /// Text under the primary span (may be empty).
    pub label: String,
    /// Other places that explain it (the first definition of a duplicate label, ...).
    pub secondary: Vec<(Span, String)>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    #[cold]
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            secondary: Vec::new(),
            hint: None,
        }
    }

    /// A warning at `span`.
    #[cold]
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// With a label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// With a secondary span.
    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    /// With a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the span's start in `source` (columns count
    /// characters).
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        let at = (self.span.start as usize).min(source.len());
        let before = source.get(..at).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    fn to_codespan(&self) -> CsDiagnostic<()> {
        let base = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let mut labels = vec![Label::primary((), self.span.range()).with_message(&self.label)];
        labels.extend(
            self.secondary
                .iter()
                .map(|(s, m)| Label::secondary((), s.range()).with_message(m)),
        );
        base.with_message(&self.message)
            .with_labels(labels)
            .with_notes(self.hint.iter().map(|h| format!("hint: {h}")).collect())
    }
}

/// Render diagnostics as plain text (`error: ... --> file:line:col` and the source).
pub fn render(file_name: &str, source: &str, diags: &[Diagnostic]) -> String {
    let file = SimpleFile::new(file_name, source);
    let config = Config::default();
    let mut out = String::new();
    for d in diags {
        match term::emit_into_string(&config, &file, &d.to_codespan()) {
            Ok(s) => out.push_str(&s),
            Err(_) => {
                let (line, col) = d.line_col(source);
                out.push_str(&format!(
                    "error: {}\n --> {file_name}:{line}:{col}\n",
                    d.message
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_and_hint() {
        let src = ".version 3.12\n.code @m\n    LOAD_CONTS 1\n.end\n";
        let start = src.find("LOAD_CONTS").unwrap();
        let d = Diagnostic::error(Span::new(start, start + 10), "unknown opcode `LOAD_CONTS`")
            .with_label("not an opcode of 3.12")
            .with_hint("did you mean `LOAD_CONST`?");
        assert_eq!(d.line_col(src), (3, 5));
        let text = render("x.pyasm", src, &[d]);
        assert!(
            text.contains("error: unknown opcode `LOAD_CONTS`"),
            "{text}"
        );
        assert!(text.contains("x.pyasm:3:5"), "{text}");
        assert!(text.contains("hint: did you mean `LOAD_CONST`?"), "{text}");
    }
}
