//! The request and notification handlers, one file per family. Each reads the state, runs a pure
//! feature through [`crate::lsp::context`] and hands the result to [`crate::lsp::convert`]; the
//! `LanguageServer` methods in `server.rs` only call them.

pub(crate) mod annotations;
pub(crate) mod code_action;
pub(crate) mod commands;
pub(crate) mod completion;
pub(crate) mod diagnostic;
pub(crate) mod documents;
pub(crate) mod hover;
pub(crate) mod lifecycle;
pub(crate) mod navigation;
pub(crate) mod presentation;
pub(crate) mod rename;
pub(crate) mod symbols;
pub(crate) mod workspace;
pub(crate) mod workspace_diagnostic;

use tower_lsp::lsp_types::Url;

use crate::config::Config;
use crate::lsp::state::{Shared, key};

/// The configuration that applies to a document, and whether the client takes versioned
/// `documentChanges` in its workspace edits.
fn config_and_document_changes(shared: &Shared, uri: &Url) -> (Config, bool) {
    let s = shared.settings();
    (s.config_for(&key(uri)), s.caps.document_changes)
}
