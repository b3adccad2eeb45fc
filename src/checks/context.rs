//! What the attribution checks know about a record's meeting: its records, the statements and
//! their content words, which delegations spoke, were listed or were reported, and the votes
//! that tell whether a header or a summary is the odd one out.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::linking::MeetingIndex;
use crate::record::{RosterKind, Zone};
use crate::span::Span;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

/// A summary's words match a statement "strongly" from this cosine similarity up.
pub const STRONG_MATCH: f64 = 0.30;
/// And "far better" than another when at least this many times its score.
pub const FAR_BETTER: f64 = 2.0;
/// Claims with fewer content words are too generic to match by content.
pub const MIN_CLAIM_WORDS: usize = 8;

static SELF_REFERENCE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[’']s\s|\s+(?:has|had|is|was|will|would|continues|continued|remains|remained|stands|stood|attaches|attached|considers|supports|believes|welcomes|welcomed|adopted|ratified|established|launched|enacted|set up|prioritized|prioritised|joined|received|signed|provides|provided|takes|took|became|hosted|hosts|shall|must|can|could)\b)").unwrap()
});

pub struct MeetingContext<'a> {
    pub ws: &'a Workspace,
    pub file: FileId,
    pub doc: &'a Document,
    pub index: MeetingIndex,
    /// Statements of the meeting by the entity their header ties them to.
    pub statements_by_entity: HashMap<usize, Vec<StatementRef>>,
    /// Entities reported speaking in narrative paragraphs (panels, replies) of the meeting.
    pub reported: HashSet<usize>,
    /// Entities named in the summary rosters of the meeting's records.
    pub rostered: HashSet<usize>,
    /// Entities a mislabelled header of the meeting stands for, computed on first use.
    pub explained: std::sync::OnceLock<HashSet<usize>>,
    /// The one unlisted statement and the one listed delegation without a statement, if the
    /// meeting has exactly one of each; computed on first use.
    pairing: std::sync::OnceLock<Option<(StatementRef, usize)>>,
}

impl<'a> MeetingContext<'a> {
    pub fn new(ws: &'a Workspace, file: FileId) -> MeetingContext<'a> {
        let doc = ws.get(file).expect("checked file exists");
        let index = MeetingIndex::new(ws, file);
        let mut statements_by_entity: HashMap<usize, Vec<StatementRef>> = HashMap::new();
        for st in &index.statements {
            if let Some(e) = ws
                .get(st.file)
                .and_then(|d| d.statement_entity(st.statement))
            {
                statements_by_entity.entry(e).or_default().push(*st);
            }
        }
        let mut reported = HashSet::new();
        let mut rostered = HashSet::new();
        for f in ws.same_meeting(file) {
            let Some(d) = ws.get(f) else { continue };
            for a in d
                .record
                .attributions
                .iter()
                .filter(|a| a.zone == Zone::Body)
            {
                reported.extend(a.targets.iter().filter_map(|t| t.entity));
            }
            for r in d
                .record
                .rosters
                .iter()
                .filter(|r| r.zone == Zone::Summary && r.kind != RosterKind::RightOfReply)
            {
                rostered.extend(r.entities.iter().filter_map(|t| t.entity));
            }
        }
        MeetingContext {
            ws,
            file,
            doc,
            index,
            statements_by_entity,
            reported,
            rostered,
            explained: std::sync::OnceLock::new(),
            pairing: std::sync::OnceLock::new(),
        }
    }

    /// Delegations the meeting's summaries account for: listed, or named by an attribution.
    pub fn accounted(&self) -> HashSet<usize> {
        let mut out = self.rostered.clone();
        for f in self.ws.same_meeting(self.file) {
            let Some(d) = self.ws.get(f) else { continue };
            for a in d
                .record
                .attributions
                .iter()
                .filter(|a| a.zone == Zone::Summary)
            {
                out.extend(a.targets.iter().filter_map(|t| t.entity));
            }
        }
        out
    }

    /// When the lists name exactly one delegation with no statement and exactly one statement's
    /// delegation is in no list, that header most likely names the wrong country.
    pub fn roster_pairing(&self) -> Option<(StatementRef, usize)> {
        *self.pairing.get_or_init(|| {
            if self.rostered.is_empty() {
                return None;
            }
            let gaz = &self.ws.gaz;
            let accounted = self.accounted();
            let mut unlisted = Vec::new();
            for st in &self.index.statements {
                let doc = self.doc_of(*st);
                let s = &doc.record.statements[st.statement];
                let Some(e) = doc.statement_entity(st.statement) else {
                    continue;
                };
                let interactive = s
                    .section
                    .is_some_and(|sec| is_interactive_section(&doc.record.sections[sec].name));
                if s.form == crate::record::HeaderForm::PanelTurn
                    || interactive
                    || !gaz.entity(e).kind.is_delegation()
                    || accounted.contains(&e)
                {
                    continue;
                }
                unlisted.push(*st);
            }
            let silent: Vec<usize> = self
                .rostered
                .iter()
                .copied()
                .filter(|&e| gaz.entity(e).kind.is_delegation() && !self.has_statement(e))
                .collect();
            match (unlisted.as_slice(), silent.as_slice()) {
                ([st], [z]) => Some((*st, *z)),
                _ => None,
            }
        })
    }

    /// See [`super::speakers::explained_entities`]; computed once per check.
    pub fn explained(&self) -> &HashSet<usize> {
        self.explained
            .get_or_init(|| super::speakers::explained_entities(self))
    }

    pub fn doc_of(&self, st: StatementRef) -> &'a Document {
        self.ws.get(st.file).expect("statement's file exists")
    }

    pub fn entity_of(&self, st: StatementRef) -> Option<usize> {
        self.doc_of(st).statement_entity(st.statement)
    }

    pub fn has_statement(&self, entity: usize) -> bool {
        self.statements_by_entity.contains_key(&entity)
    }

    pub fn entity_name(&self, entity: usize) -> &str {
        &self.ws.gaz.entity(entity).name
    }

    /// Mentions of `entity` in a span of a document, not counting `exclude`, capped.
    pub fn mentions_in(
        &self,
        doc: &Document,
        span: Span,
        entity: usize,
        exclude: Option<Span>,
        cap: usize,
    ) -> usize {
        doc.record
            .countries
            .iter()
            .filter(|m| m.entity == entity && span.contains_span(m.span))
            .filter(|m| exclude.is_none_or(|x| !x.contains_span(m.span)))
            .count()
            .min(cap)
    }

    /// Mentions of a country in a statement's body that read as self-references, per entity:
    /// (weak, strong). Weak: "Bahrain has prioritized", "Peru’s criminal laws" — also how a
    /// speaker talks of a country they criticise. Strong: "his country, Bahrain".
    pub fn self_references(&self, st: StatementRef) -> HashMap<usize, (usize, usize)> {
        let doc = self.doc_of(st);
        let s = &doc.record.statements[st.statement];
        let body = Span::new(s.header.end, s.span.end);
        let mut out: HashMap<usize, (usize, usize)> = HashMap::new();
        for m in doc
            .record
            .countries
            .iter()
            .filter(|m| body.contains_span(m.span))
        {
            if !self.ws.gaz.entity(m.entity).kind.is_delegation() {
                continue;
            }
            let after = crate::text::window(&doc.text, m.span.end, s.span.end.min(m.span.end + 40));
            let before = crate::text::window(
                &doc.text,
                s.span.start.max(m.span.start.saturating_sub(16)),
                m.span.start,
            );
            let entry = out.entry(m.entity).or_insert((0, 0));
            if before.ends_with("his country, ") || before.ends_with("her country, ") {
                entry.1 += 1;
            } else if SELF_REFERENCE_AFTER.is_match(after) {
                entry.0 += 1;
            }
        }
        out.retain(|_, (w, s)| *w + *s > 0);
        out
    }
}

/// Sections whose speakers the summary's lists do not cover: panels, dialogues, replies.
pub fn is_interactive_section(name: &str) -> bool {
    let l = name.to_lowercase();
    [
        "panel",
        "discussion",
        "dialogue",
        "reply",
        "interactive",
        "briefing",
        "summar",
    ]
    .iter()
    .any(|k| l.contains(k))
}

/// The evidence for one entity against another about who spoke: a header or cue, mentions in the
/// claim and the statement, rosters.
pub struct Votes {
    pub for_cue: usize,
    pub for_header: usize,
}

/// Weighs a summary cue naming `cue_entity` against the header of statement `st` naming
/// `header_entity`, when the cue's claim matches that statement.
pub fn weigh(
    ctx: &MeetingContext<'_>,
    cue_doc: &Document,
    claim: Span,
    cue: Span,
    cue_entity: usize,
    st: StatementRef,
    header_entity: usize,
) -> Votes {
    let sdoc = ctx.doc_of(st);
    let s = &sdoc.record.statements[st.statement];
    let body = Span::new(s.header.end, s.span.end);
    let mut for_cue = 1 + ctx.mentions_in(cue_doc, claim, cue_entity, Some(cue), 2);
    let mut for_header = 1 + ctx.mentions_in(cue_doc, claim, header_entity, Some(cue), 2);
    for_cue += ctx.mentions_in(sdoc, body, cue_entity, None, 2);
    for_header += ctx.mentions_in(sdoc, body, header_entity, None, 2);
    if ctx.rostered.contains(&cue_entity) && !ctx.has_statement(cue_entity) {
        for_cue += 1;
    }
    if ctx.rostered.contains(&header_entity) {
        for_header += 1;
    }
    Votes {
        for_cue,
        for_header,
    }
}
