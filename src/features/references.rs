//! `textDocument/references`: every occurrence, workspace-wide, of what is under the cursor (found
//! by [`crate::query::target_at`] and [`crate::query::occurrences`]). Pure: workspace in, byte
//! spans out; knows nothing of the protocol.

use crate::query::{Location, occurrences, target_at};
use crate::workspace::{FileId, Workspace};

/// `textDocument/references`: every occurrence of what is at `offset`, workspace-wide. Without
/// `include_declaration`, the occurrence under the cursor is left out.
pub fn references(
    ws: &Workspace,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(at) = target_at(ws, file, offset) else {
        return Vec::new();
    };
    let mut out = occurrences(ws, file, &at.target);
    if !include_declaration {
        out.retain(|l| !(l.file == file && l.span == at.span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::references;
    use crate::test_fixture::Fixture;

    fn check(fixture: &str, include_declaration: bool) -> String {
        let fx = Fixture::new(fixture);
        let found: Vec<_> = references(&fx.ws, fx.file, fx.offset, include_declaration)
            .into_iter()
            .map(|l| (l.file, l.span))
            .collect();
        fx.render(&found)
    }

    const TWO_RECORDS: &str = r#"
        //- ga_12387.txt
        Seventy-sixth Session,
        37th Meeting (AM & PM)
        GA/12387

        Adopting Political Declaration, General Assembly Pledges Greater Action to End Human Trafficking

        Croatia’s delegate labelled trafficking in persons a modern form of slavery.

        Statements

        IVAN ŠIMONOVIĆ (Cro$0atia) labelled trafficking in persons a modern form of slavery.

        //- ga_12388.txt
        Seventy-sixth Session,
        38th Meeting (AM)
        GA/12388

        General Assembly Continues Appraisal of Global Plan of Action against Trafficking

        The meeting opened with the adoption of a Political Declaration.  (See Press Release GA/12387.)

        Statements

        IVAN ŠIMONOVIĆ (Croatia) said Croatia has adopted a national plan against trafficking.
        "#;

    #[test]
    fn a_country_everywhere_it_is_named() {
        insta::assert_snapshot!(check(TWO_RECORDS, true), @r#"
            //- ga_12387.txt
            Croatia’s delegate …
            ^^^^^^^
            … ŠIMONOVIĆ (Croatia) labelled t…
                         ^^^^^^^
            //- ga_12388.txt
            … ŠIMONOVIĆ (Croatia) said Croatia has adopted…
                         ^^^^^^^       ^^^^^^^
            "#);
    }

    #[test]
    fn without_the_declaration_the_name_under_the_cursor_is_left_out() {
        insta::assert_snapshot!(check(TWO_RECORDS, false), @r#"
            //- ga_12387.txt
            Croatia’s delegate …
            ^^^^^^^
            //- ga_12388.txt
            … ŠIMONOVIĆ (Croatia) said Croatia has adopted…
                         ^^^^^^^       ^^^^^^^
            "#);
    }

    #[test]
    fn a_press_release_symbol_and_the_references_to_it() {
        let fixture = TWO_RECORDS
            .replace("(Cro$0atia)", "(Croatia)")
            .replace("GA/12387\n", "GA/12$0387\n");
        insta::assert_snapshot!(check(&fixture, true), @r#"
            //- ga_12387.txt
            GA/12387
            ^^^^^^^^
            //- ga_12388.txt
            …ess Release GA/12387.)
                         ^^^^^^^^
            "#);
    }
}
