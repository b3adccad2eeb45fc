//! Identifiers of the Akoma Ntoso export: the FRBR work, expression and manifestation URIs of a
//! record, the hrefs of cross-references, and the references (`TLCPerson`, `TLCOrganization`,
//! `TLCRole`) a record's speeches and inline marks point to.
//!
//! The scheme, all under the country code `un`:
//! - work `/akn/un/debate/<organ>/<date>/<number>`: `<organ>` the symbol's first part in lower
//!   case (`ga`, `sc`, `ecosoc`; `un` without a symbol), `<date>` the date the masthead prints
//!   or else `session-<n>` and `meeting-<m>` joined by `-` (`undated` without either),
//!   `<number>` the symbol with `/` as `-` (`GA-12387`) or else the file's stem;
//! - expression `<work>/eng@` (with the printed date after `@` when there is one), manifestation
//!   `<expression>.xml`;
//! - a symbol `S` is also `/akn/un/doc/<S with / as ->` (the work's `FRBRalias name="symbol"`):
//!   what `<ref href>` of a cross-reference ("See Press Release GA/12387") points to;
//! - people `/akn/ontology/person/un/<slug of the speaker identity key>` (`kari johnstone@USA` →
//!   `kari-johnstone-usa`), organisations and countries `/akn/ontology/organization/un/<slug of
//!   the ISO code or key>`, roles `/akn/ontology/role/un/<slug of the title as written>`. The
//!   `eId` of a reference is the slug, so the same person has the same `href` and `eId` in every
//!   record exported from one workspace.

use std::collections::{HashMap, HashSet};

use crate::record::Header;
use crate::text::fold;

use super::xml::Xml;

/// Lower case, accents folded, every run of characters other than letters and digits one `-`.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("unknown");
    }
    out
}

/// A symbol as one path segment: "GA/EF/3590" → "GA-EF-3590".
fn symbol_segment(symbol: &str) -> String {
    symbol
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Where a cited symbol points: "/akn/un/doc/GA-12387".
pub(super) fn document_href(symbol: &str) -> String {
    format!("/akn/un/doc/{}", symbol_segment(symbol))
}

/// Where a catalogued instrument points: "/akn/un/instrument/<id>".
pub(super) fn instrument_href(id: &str) -> String {
    format!("/akn/un/instrument/{}", slug(id))
}

/// The FRBR identity of one record.
pub(super) struct Frbr {
    pub work: String,
    pub expression: String,
    pub manifestation: String,
    /// The `FRBRdate`: the printed date, else one the session implies, else the Charter's.
    pub date: String,
    /// What `date` is (the `name` of `FRBRdate`).
    pub date_name: &'static str,
    pub symbol: Option<String>,
}

impl Frbr {
    pub(super) fn of(header: &Header, stem: &str) -> Frbr {
        let symbol = header.symbol().map(str::to_string);
        let organ = symbol
            .as_deref()
            .and_then(|s| s.split('/').next())
            .map_or_else(|| "un".to_string(), slug);
        let printed = header.date.as_ref().map(|d| d.0.clone());
        let date_part = printed.clone().unwrap_or_else(|| {
            let mut parts = Vec::new();
            if let Some(n) = header.session_number() {
                parts.push(format!("session-{n}"));
            }
            if !header.meetings.is_empty() {
                let m: Vec<String> = header.meetings.iter().map(u32::to_string).collect();
                parts.push(format!("meeting-{}", m.join("-")));
            }
            if parts.is_empty() {
                "undated".to_string()
            } else {
                parts.join("-")
            }
        });
        let number = symbol.as_deref().map_or_else(|| slug(stem), symbol_segment);
        let work = format!("/akn/un/debate/{organ}/{date_part}/{number}");
        let expression = format!("{work}/eng@{}", printed.as_deref().unwrap_or(""));
        let (date, date_name) = match (&printed, header.session_number()) {
            (Some(d), _) => (d.clone(), "meeting"),
            // Numbered by year (ECOSOC, decolonization): the session's year.
            (None, Some(y)) if header.session_by_year => (format!("{y}-01-01"), "session-year"),
            // The General Assembly's n-th session opens in September of 1945 + n.
            (None, Some(n)) => (format!("{}-09-01", 1945 + n), "session-opened"),
            // Nothing dated: the Charter's entry into force, before any record.
            (None, None) => ("1945-10-24".to_string(), "undated"),
        };
        Frbr {
            manifestation: format!("{expression}.xml"),
            work,
            expression,
            date,
            date_name,
            symbol,
        }
    }
}

/// What a reference stands for.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Person,
    Organization,
    Role,
}

impl Kind {
    fn element(self) -> &'static str {
        match self {
            Kind::Person => "TLCPerson",
            Kind::Organization => "TLCOrganization",
            Kind::Role => "TLCRole",
        }
    }

    fn ontology(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Role => "role",
        }
    }
}

struct Tlc {
    kind: Kind,
    eid: String,
    href: String,
    show_as: String,
}

/// The references a record's export points to, each registered once by its key, in the order
/// first met; `eId`s unique within the document.
pub(super) struct Refs {
    list: Vec<Tlc>,
    by_key: HashMap<(Kind, String), usize>,
    eids: HashSet<String>,
}

/// The reference to rapporteur itself (`source` of the metadata, author of the manifestation).
pub(super) const RAPPORTEUR: &str = "#rapporteur";
/// The reference to the United Nations (author of the work).
pub(super) const UNITED_NATIONS: &str = "#united-nations";

impl Refs {
    pub(super) fn new() -> Refs {
        let mut refs = Refs {
            list: Vec::new(),
            by_key: HashMap::new(),
            eids: HashSet::new(),
        };
        refs.add(
            Kind::Organization,
            "\u{0}rapporteur",
            "rapporteur",
            "/akn/ontology/organization/rapporteur",
            "rapporteur",
        );
        refs.add(
            Kind::Organization,
            "\u{0}united nations",
            "united-nations",
            "/akn/ontology/organization/un",
            "United Nations",
        );
        refs
    }

    /// Registers a reference (once per kind and key) and returns `#eId`.
    fn add(&mut self, kind: Kind, key: &str, eid: &str, href: &str, show_as: &str) -> String {
        if let Some(&i) = self.by_key.get(&(kind, key.to_string())) {
            return format!("#{}", self.list[i].eid);
        }
        let mut unique = eid.to_string();
        let mut n = 1;
        while self.eids.contains(&unique) {
            n += 1;
            unique = format!("{eid}-{n}");
        }
        self.eids.insert(unique.clone());
        self.by_key.insert((kind, key.to_string()), self.list.len());
        self.list.push(Tlc {
            kind,
            eid: unique.clone(),
            href: href.to_string(),
            show_as: show_as.to_string(),
        });
        format!("#{unique}")
    }

    fn keyed(&mut self, kind: Kind, key: &str, show_as: &str) -> String {
        let s = slug(key);
        let href = format!("/akn/ontology/{}/un/{s}", kind.ontology());
        self.add(kind, key, &s, &href, show_as)
    }

    /// A speaker identity key ("kari johnstone@USA").
    pub(super) fn person(&mut self, key: &str, show_as: &str) -> String {
        self.keyed(Kind::Person, key, show_as)
    }

    /// An ISO code or organisation key.
    pub(super) fn organization(&mut self, key: &str, show_as: &str) -> String {
        self.keyed(Kind::Organization, key, show_as)
    }

    /// A title as written ("Minister for Foreign Affairs of Belarus").
    pub(super) fn role(&mut self, title: &str) -> String {
        let key = title.split_whitespace().collect::<Vec<_>>().join(" ");
        self.keyed(Kind::Role, &key, &key)
    }

    /// `<references source="#rapporteur">` with every reference registered.
    pub(super) fn write(&self, xml: &mut Xml) {
        xml.open("references", &[("source", RAPPORTEUR)]);
        for t in &self.list {
            xml.newline();
            xml.empty(
                t.kind.element(),
                &[("eId", &t.eid), ("href", &t.href), ("showAs", &t.show_as)],
            );
        }
        xml.newline();
        xml.close("references");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_and_join() {
        assert_eq!(slug("kari johnstone@USA"), "kari-johnstone-usa");
        assert_eq!(slug("José  Alfonso—Blanco"), "jose-alfonso-blanco");
        assert_eq!(slug("@@"), "unknown");
    }

    #[test]
    fn one_reference_per_key_and_unique_eids() {
        let mut r = Refs::new();
        let a = r.person("kari johnstone@USA", "KARI JOHNSTONE");
        assert_eq!(a, "#kari-johnstone-usa");
        assert_eq!(r.person("kari johnstone@USA", "Ms. Johnstone"), a);
        assert_eq!(r.organization("rapporteur", "x"), "#rapporteur-2");
        let mut x = Xml::new();
        r.write(&mut x);
        let s = x.finish();
        assert!(s.contains(
            "<TLCPerson eId=\"kari-johnstone-usa\" href=\"/akn/ontology/person/un/kari-johnstone-usa\" showAs=\"KARI JOHNSTONE\"/>"
        ));
    }

    #[test]
    fn work_uris_follow_the_symbol_and_the_date_or_session() {
        let mut h = Header {
            symbol: Some(("GA/12387".into(), Default::default())),
            session: Some((76, Default::default())),
            meetings: vec![37],
            ..Default::default()
        };
        let f = Frbr::of(&h, "x");
        assert_eq!(f.work, "/akn/un/debate/ga/session-76-meeting-37/GA-12387");
        assert_eq!(f.expression, f.work.clone() + "/eng@");
        assert_eq!(
            (f.date.as_str(), f.date_name),
            ("2021-09-01", "session-opened")
        );
        h.date = Some(("1998-10-05".into(), Default::default()));
        let f = Frbr::of(&h, "x");
        assert_eq!(f.work, "/akn/un/debate/ga/1998-10-05/GA-12387");
        assert_eq!(f.manifestation, f.work.clone() + "/eng@1998-10-05.xml");
        let f = Frbr::of(&Header::default(), "sc_no_masthead_briefing");
        assert_eq!(f.work, "/akn/un/debate/un/undated/sc-no-masthead-briefing");
        assert_eq!(document_href("GA/EF/3590"), "/akn/un/doc/GA-EF-3590");
    }
}
