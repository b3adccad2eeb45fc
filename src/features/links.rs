//! Document links: "(See Press Release GA/12387.)" → that record, when the workspace holds it;
//! a resolution or document symbol (A/RES/76/7, S/RES/2331 (2016), A/76/L.11) → the official
//! document, by a URL pattern (`[links] resolution_url`, `{symbol}` for the symbol). Pure.

use crate::record::ReferenceKind;
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A record of the workspace.
    Record(FileId),
    /// An address outside the workspace.
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    pub span: Span,
    pub target: LinkTarget,
    /// What the link opens, for the editor's tooltip.
    pub tooltip: String,
}

/// The links of a record, in text order. `resolution_url` is the pattern of an official
/// document's address, `{symbol}` standing for its symbol.
pub fn document_links(ws: &Workspace, file: FileId, resolution_url: &str) -> Vec<DocumentLink> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &doc.record.references {
        if r.span.is_empty() {
            continue;
        }
        let link = match r.kind {
            ReferenceKind::PressRelease => press_release_link(ws, r.span, &r.symbol),
            ReferenceKind::Resolution | ReferenceKind::Document => Some(DocumentLink {
                span: r.span,
                target: LinkTarget::Url(document_url(resolution_url, &r.symbol)),
                tooltip: format!("Open {} (official document)", r.symbol),
            }),
        };
        out.extend(link);
    }
    out
}

/// A press release's record, when the workspace holds it (the first by name when two records
/// claim the symbol, which `duplicate-symbol` reports).
fn press_release_link(ws: &Workspace, span: Span, symbol: &str) -> Option<DocumentLink> {
    let target = ws
        .records_with_symbol(symbol)
        .into_iter()
        .filter_map(|f| Some((ws.facts(f)?.name.as_str(), f)))
        .min()?
        .1;
    let title = ws
        .facts(target)
        .and_then(|f| f.shown.title.clone())
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    Some(DocumentLink {
        span,
        target: LinkTarget::Record(target),
        tooltip: format!("Open press release {symbol}{title}"),
    })
}

/// The address of an official document: the pattern with `{symbol}` replaced by the symbol,
/// its characters that cannot stand in a URL path percent-encoded (slashes and parentheses
/// stay: they are how symbols are written in such addresses).
pub fn document_url(pattern: &str, symbol: &str) -> String {
    let mut encoded = String::with_capacity(symbol.len());
    for c in symbol.chars() {
        if c.is_ascii_alphanumeric() || "/().-_~".contains(c) {
            encoded.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
    }
    pattern.replace("{symbol}", &encoded)
}

#[cfg(test)]
mod tests {
    use super::{LinkTarget, document_links, document_url};
    use crate::config::DEFAULT_RESOLUTION_URL;
    use crate::test_fixture::Fixture;

    /// The links of the record holding `$0` (or the first): their spans must be the ranges the
    /// fixture marks; returns each target as text.
    fn check(fixture: &str, pattern: &str) -> Vec<String> {
        let fx = Fixture::new(fixture);
        let links = document_links(&fx.ws, fx.file, pattern);
        let spans: Vec<_> = links.iter().map(|l| (fx.file, l.span)).collect();
        fx.assert_marked(&spans);
        links
            .iter()
            .map(|l| match &l.target {
                LinkTarget::Record(f) => format!("record {}", fx.ws.get(*f).unwrap().name),
                LinkTarget::Url(u) => u.clone(),
            })
            .collect()
    }

    #[test]
    fn a_press_release_in_the_workspace_and_resolutions_by_symbol() {
        let targets = check(
            r#"
            //- ga_12388.txt
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            The Assembly adopted a Political Declaration.  (See Press Release GA/12387.)$0
                                                                              ^^^^^^^^

            It recalled resolution 2331 (2016) of the Security Council and resolution A/RES/76/7.
                        ^^^^^^^^^^^^^^^^^^^^^^                                        ^^^^^^^^^^

            The record of GA/12399 is not here.  (See Press Release GA/12399.)

            //- ga_12387.txt
            Seventy-sixth Session,
            37th Meeting (AM & PM)
            GA/12387

            Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking
            "#,
            DEFAULT_RESOLUTION_URL,
        );
        insta::assert_snapshot!(targets.join("\n"), @r"
        record ga_12387.txt
        https://undocs.org/S/RES/2331(2016)
        https://undocs.org/A/RES/76/7
        ");
    }

    #[test]
    fn the_pattern_takes_the_symbol_encoded() {
        assert_eq!(
            document_url("https://docs.example/find?s={symbol}", "A/RES/76/7"),
            "https://docs.example/find?s=A/RES/76/7"
        );
        assert_eq!(
            document_url("https://x/{symbol}", "A/C.3/76/L 2"),
            "https://x/A/C.3/76/L%202"
        );
    }
}
