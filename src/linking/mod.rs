//! The attribution model: links each summary attribution to the statements it reports, in its
//! own record and the other records of the same meeting, by delegation, by person and by content
//! (cosine similarity of content-word weights). Pure; used by checks and features alike.

mod index;
mod numbers;
mod topk;
mod words;

pub use index::{MeetingIndex, Query};
pub use topk::Ties;
pub use words::content_word_count_in;

use crate::parse::speaker;
use crate::record::Attribution;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

/// Whether a statement's speaker is the one an attribution names: a delegation among its targets,
/// or the person it names.
pub fn statement_matches(
    ws: &Workspace,
    attr: &Attribution,
    attr_doc: &Document,
    st: StatementRef,
) -> bool {
    NamedSpeaker::of(attr, attr_doc).spoke(ws, st)
}

/// Whom an attribution names, read once to be tested against many statements (see
/// [`statement_matches`]): a person's name is folded into tokens once, not per statement.
pub struct NamedSpeaker<'a> {
    attr: &'a Attribution,
    /// The name tokens of the person the attribution names, if it names one.
    person: Option<Vec<String>>,
}

impl<'a> NamedSpeaker<'a> {
    pub fn of(attr: &'a Attribution, attr_doc: &Document) -> NamedSpeaker<'a> {
        NamedSpeaker {
            attr,
            person: attr
                .person
                .map(|p| speaker::name_tokens(attr_doc.span_text(p))),
        }
    }

    /// Whether the statement's speaker is the one named.
    pub fn spoke(&self, ws: &Workspace, st: StatementRef) -> bool {
        let Some(doc) = ws.get(st.file) else {
            return false;
        };
        if let Some(tokens) = &self.person {
            return crate::workspace::same_person(tokens, &doc.speaker_tokens[st.statement]);
        }
        let entity = doc.statement_entity(st.statement);
        entity.is_some() && self.attr.targets.iter().any(|t| t.entity == entity)
    }
}

/// The statements an attribution reports (whose speaker it names, see [`statement_matches`]),
/// those of its own record first. Content similarity, which indexes every statement of the
/// meeting, ranks them only when one record holds several candidates.
pub fn reported_statements(ws: &Workspace, file: FileId, attribution: usize) -> Vec<StatementRef> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let Some(attr) = doc.record.attributions.get(attribution) else {
        return Vec::new();
    };
    let named = NamedSpeaker::of(attr, doc);
    let mut candidates = Vec::new();
    for f in ws.same_meeting(file) {
        let Some(d) = ws.get(f) else { continue };
        for i in 0..d.record.statements.len() {
            let st = StatementRef {
                file: f,
                statement: i,
            };
            if named.spoke(ws, st) {
                candidates.push(st);
            }
        }
    }
    let crowded = |f: FileId| candidates.iter().filter(|c| c.file == f).count() > 1;
    let mut out = if candidates.iter().any(|c| crowded(c.file)) {
        ranked_by_content(ws, file, attr, doc)
    } else {
        candidates
    };
    // Stable: best match first within a record, this record before the others of the meeting.
    out.sort_by_key(|r| r.file != file);
    out
}

/// The statements an attribution reports, best content match first: every statement of the
/// meeting the attribution names, ranked by content similarity (which indexes the meeting).
fn ranked_by_content(
    ws: &Workspace,
    file: FileId,
    attr: &Attribution,
    doc: &Document,
) -> Vec<StatementRef> {
    let index = MeetingIndex::of_meeting(ws, file);
    let q = index.query_in(doc, attr.claim);
    let named = NamedSpeaker::of(attr, doc);
    let mut out: Vec<(f64, StatementRef)> = index
        .statements
        .iter()
        .enumerate()
        .filter(|(_, st)| named.spoke(ws, **st))
        .map(|(i, st)| (index.score_of(&q, i).unwrap_or(0.0), *st))
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, s)| s).collect()
}

/// How a summary's claim matches the statements of its meeting by content.
#[derive(Debug, Clone, Copy)]
pub struct ContentMatch {
    /// The statement the claim matches best, and its similarity.
    pub best: StatementRef,
    pub score: f64,
    /// The best similarity among the statements of the speaker the attribution names (0 when
    /// none shares a word with the claim).
    pub best_own: f64,
}

/// The statement of the meeting (`index`) whose content the claim of `attr` matches best, and the
/// best match among the attributed speaker's own statements.
pub fn best_content_match(
    ws: &Workspace,
    index: &MeetingIndex,
    attr: &Attribution,
    attr_doc: &Document,
) -> Option<ContentMatch> {
    let q = index.query_in(attr_doc, attr.claim);
    // Statements sharing no word with the claim score 0: neither the best match nor a better
    // own statement can be among them.
    let (best, score) = index.best(&q, Ties::First)?;
    let best = index.statements[best];
    // When the best statement is the speaker's own, no own statement scores higher.
    let best_own = if statement_matches(ws, attr, attr_doc, best) {
        score
    } else {
        best_own_score(ws, index, &q, attr, attr_doc)
    };
    Some(ContentMatch {
        best,
        score,
        best_own,
    })
}

/// The best score of the attributed speaker's statements (0 when none shares a word).
fn best_own_score(
    ws: &Workspace,
    index: &MeetingIndex,
    q: &Query,
    attr: &Attribution,
    attr_doc: &Document,
) -> f64 {
    let own: Vec<usize> = if attr.person.is_some() {
        // A person is matched by name, loosely: every statement is asked.
        let named = NamedSpeaker::of(attr, attr_doc);
        (0..index.statements.len())
            .filter(|&i| named.spoke(ws, index.statements[i]))
            .collect()
    } else {
        // A delegation's statements are those its header names (see `statement_matches`).
        attr.targets
            .iter()
            .filter_map(|t| t.entity)
            .flat_map(|e| index.statements_of(e))
            .map(|&i| i as usize)
            .collect()
    };
    own.into_iter()
        .filter_map(|i| index.score_of(q, i))
        .fold(0.0, f64::max)
}

/// The attribution whose cue covers `offset`, if any.
pub fn attribution_at(doc: &Document, offset: usize) -> Option<usize> {
    doc.record
        .attributions
        .iter()
        .position(|a| a.cue.touches(offset))
}

#[cfg(test)]
mod tests;
