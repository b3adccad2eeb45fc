//! Mastheads of every organ and decade, on the crafted records of each shape: what the masthead is
//! read as (session or year, meetings, symbol, date), that the outline's header node and the hover
//! on the masthead say it, and that a record's own symbol is never one of its references.

use std::path::Path;

use rapporteur::features::{hover::hover, outline::outline};
use rapporteur::record::ReferenceKind;
use rapporteur::workspace::Workspace;

/// Each shape's record and what its masthead must be read as.
const SHAPES: [(&str, &str); 9] = [
    (
        "boilerplate_in_progress_ga_ef_3590.txt",
        "session 78, meeting 14 (AM), GA/EF/3590",
    ),
    (
        "ga_spd_571_sixty_ninth_session_lower.txt",
        "session 69, meetings 16 & 17 & 18 (AM & PM), GA/SPD/571",
    ),
    (
        "ecosoc_7160_2024_session.txt",
        "2024 session, meetings 12 & 13 (AM & PM), ECOSOC/7160",
    ),
    (
        "ga_col_3358_2022_session_decolonization.txt",
        "2022 session, meeting 5 (AM), GA/COL/3358",
    ),
    (
        "ga_l_3613_sixth_committee.txt",
        "session 75, meeting 10 (AM), GA/L/3613",
    ),
    (
        "ga_ab_4391_resumed_session.txt",
        "resumed session 76, meeting 28 (AM), GA/AB/4391",
    ),
    ("older_layout_1998_ga_9460.txt", "GA/9460, 1998-10-05"),
    ("sc_no_masthead_briefing.txt", ""),
    ("sg_sm_21033_message.txt", "SG/SM/21033"),
];

fn crafted_workspace() -> Workspace {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/crafted");
    let mut ws = Workspace::default();
    for (name, _) in SHAPES {
        ws.upsert(name, std::fs::read_to_string(dir.join(name)).unwrap());
    }
    ws
}

#[test]
fn every_shape_is_read_and_said_alike_by_outline_and_hover() {
    let ws = crafted_workspace();
    for (name, expected) in SHAPES {
        let file = ws.id_of(name).unwrap();
        let doc = ws.get(file).unwrap();
        let header = &doc.record.header;
        assert_eq!(header.describe(), expected, "{name}");
        let tree = outline(doc, &ws.gaz);
        let node = tree[0].children.iter().find(|c| c.name == "Header");
        let Some(span) = header.span() else {
            assert!(node.is_none(), "{name}: a header node without a masthead");
            continue;
        };
        assert_eq!(node.unwrap().detail.as_deref(), Some(expected), "{name}");
        // Hover at the masthead's first character: the masthead itself, or its symbol's record,
        // which names the same session, meetings and date.
        let h = hover(&ws, file, span.start).unwrap_or_else(|| panic!("{name}: no hover"));
        for part in expected.split(", ") {
            assert!(
                h.markdown.contains(part),
                "{name}: hover lacks {part}: {}",
                h.markdown
            );
        }
    }
}

#[test]
fn a_masthead_without_symbol_hovers_as_the_masthead() {
    let mut ws = Workspace::default();
    let file = ws.upsert(
        "plain.txt",
        "Skip to main content\nSixty-ninth session,\n16th, 17th & 18th Meetings (AM & PM)\n\nTitle of the Record\n\nThe Committee met.\n",
    );
    let doc = ws.get(file).unwrap();
    let at = doc.text.find("17th").unwrap();
    let h = hover(&ws, file, at).unwrap();
    assert!(
        h.markdown
            .contains("session 69, meetings 16 & 17 & 18 (AM & PM)"),
        "{}",
        h.markdown
    );
}

#[test]
fn own_symbol_is_never_a_reference_and_others_are() {
    let ws = crafted_workspace();
    for (name, _) in SHAPES {
        let doc = ws.get(ws.id_of(name).unwrap()).unwrap();
        let own = doc.record.header.symbol();
        for r in &doc.record.references {
            if r.kind == ReferenceKind::PressRelease {
                assert_ne!(Some(r.symbol.as_str()), own, "{name}");
            }
        }
    }
    let refs = |name: &str| -> Vec<String> {
        let doc = ws.get(ws.id_of(name).unwrap()).unwrap();
        doc.record
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::PressRelease)
            .map(|r| r.symbol.clone())
            .collect()
    };
    assert_eq!(refs("ga_l_3613_sixth_committee.txt"), ["GA/L/3612"]);
    assert_eq!(refs("sc_no_masthead_briefing.txt"), ["SC/16043"]);
    assert!(refs("older_layout_1998_ga_9460.txt").is_empty());
}
