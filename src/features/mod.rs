//! Editor and command-line features as pure functions of the workspace, a file and a byte
//! offset; they return domain results that `lsp/` and `cli/` render.

pub mod annotate;
pub mod outline;
