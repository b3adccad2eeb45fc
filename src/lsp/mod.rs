//! The language server: the only module that knows tower-lsp, URIs and line/column positions.

pub fn run_stdio() {}
