//! `textDocument/codeAction`: the quick fixes carried by the client's diagnostics when it sends
//! ours back, else those computed for the range.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{CodeActionKind, CodeActionParams, CodeActionResponse, Url};

use crate::features;
use crate::lsp::Backend;
use crate::lsp::context::with_doc;
use crate::lsp::convert::code_actions;
use crate::lsp::handlers::config_and_document_changes;
use crate::lsp::state::key;

pub(crate) async fn code_action(
    server: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    if !wants_quick_fixes(params.context.only.as_deref()) {
        return Ok(Some(Vec::new()));
    }
    let uri = &params.text_document.uri;
    let (config, document_changes) = config_and_document_changes(&server.shared, uri);
    let enc = server.shared.encoding();
    // The baseline's text as the editor has it: an open buffer (it may hold accepted findings
    // not saved yet), else the file on disk.
    let read = |baseline: &Url| {
        let open = server
            .shared
            .read()
            .open
            .get(&key(baseline))
            .map(|o| o.rope.to_string());
        open.or_else(|| std::fs::read_to_string(baseline.to_file_path().ok()?).ok())
    };
    if let Some(carried) =
        code_actions::carried_actions(&params.context.diagnostics, read, enc, document_changes)
    {
        return Ok(Some(carried));
    }
    with_doc(&server.shared, uri, "textDocument/codeAction", None, |c| {
        let span = c.span(params.range)?;
        let fixes = features::code_actions::quick_fixes(c.ws, c.file, span, &config);
        Ok(Some(code_actions::quick_fix_actions(
            c.core,
            &fixes,
            c.enc,
            document_changes,
        )))
    })
}

/// Whether the kinds the client asked for (`only`; all when absent) include quick fixes, the
/// only kind offered.
fn wants_quick_fixes(only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter()
            .any(|k| k.as_str().starts_with("quickfix") || k.as_str().is_empty())
    })
}
