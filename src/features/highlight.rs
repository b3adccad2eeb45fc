//! Document highlight: the occurrences, in the same file, of what is under the cursor; a
//! statement's name and a header symbol count as definitions. Pure.

use crate::query::{Target, occurrences, target_at};
use crate::span::Span;
use crate::workspace::{FileId, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub span: Span,
    /// A defining occurrence (speaker header, the record's own symbol) rather than a mention.
    pub definition: bool,
}

pub fn highlights(ws: &Workspace, file: FileId, offset: usize) -> Vec<Highlight> {
    let Some(at) = target_at(ws, file, offset) else {
        return Vec::new();
    };
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let header_symbol = doc.record.header.symbol.as_ref().map(|s| s.1);
    occurrences(ws, file, &at.target)
        .into_iter()
        .filter(|l| l.file == file)
        .map(|l| Highlight {
            span: l.span,
            definition: matches!(at.target, Target::Speaker(_) | Target::Section(_))
                || Some(l.span) == header_symbol,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::highlights;
    use crate::test_fixture::Fixture;

    /// The highlights at `$0` must be the ranges the fixture marks; returns which are
    /// definitions.
    fn check(fixture: &str) -> Vec<bool> {
        let fx = Fixture::new(fixture);
        let found = highlights(&fx.ws, fx.file, fx.offset);
        let spans: Vec<_> = found.iter().map(|h| (fx.file, h.span)).collect();
        fx.assert_marked(&spans);
        found.iter().map(|h| h.definition).collect()
    }

    #[test]
    fn a_country_in_the_summary_the_header_and_the_statement() {
        let definitions = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            The representative of Slovakia said the Political Declaration was a decisive step forward.
                                  ^^^^^^^^

            Statements

            RÓBERT CHATRNÚCH (Slo$0vakia) said Slovakia stands ready to collaborate with partners.
                              ^^^^^^^^^^       ^^^^^^^^
            "#,
        );
        insta::assert_snapshot!(format!("{definitions:?}"), @r#"
            [false, false, false]
            "#);
    }

    #[test]
    fn a_speaker_is_a_definition() {
        let definitions = check(
            r#"
            Seventy-sixth Session,
            38th Meeting (AM)
            GA/12388

            General Assembly Continues Appraisal of Global Plan of Action against Trafficking

            Statements

            RÓBERT $0CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners.
            ^^^^^^^^^^^^^^^^^^
            "#,
        );
        insta::assert_snapshot!(format!("{definitions:?}"), @r#"
            [true]
            "#);
    }
}
