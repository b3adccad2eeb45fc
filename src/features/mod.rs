//! Editor and command-line features as pure functions of the workspace, a file and a byte
//! offset; they return domain results that `lsp/` and `cli/` render.

pub mod annotate;
pub(crate) mod code_actions;
pub(crate) mod completion;
pub(crate) mod definition;
pub(crate) mod folding;
pub(crate) mod highlight;
pub mod hover;
pub(crate) mod inlay_hints;
pub(crate) mod lenses;
pub(crate) mod links;
pub mod outline;
pub(crate) mod references;
pub(crate) mod rename;
pub(crate) mod selection;
pub(crate) mod semantic_tokens;
pub(crate) mod workspace_symbols;
