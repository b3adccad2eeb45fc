//! Editor and command-line features as pure functions of the workspace, a file and a byte
//! offset; they return domain results that `lsp/` and `cli/` render.

pub mod annotate;
pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod folding;
pub mod highlight;
pub mod hover;
pub mod outline;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod workspace_symbols;
