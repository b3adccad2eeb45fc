//! rapporteur: a language server and checker for UN meeting-coverage records. The pure core
//! (text, knowledge, parse, workspace, checks, features) works on byte offsets; `lsp` and `cli`
//! are the only edges that know positions, the protocol or the terminal.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod configs;
mod diagnostic;
pub mod export;
pub mod features;
pub mod files;
pub mod knowledge;
pub(crate) mod linking;
pub mod lsp;
pub mod names;
pub mod parse;
mod query;
pub mod record;
pub mod span;
#[cfg(test)]
mod test_fixture;
pub mod text;
pub mod workspace;

pub use parse::{parse, parse_with};
pub use record::Record;
pub use span::Span;
