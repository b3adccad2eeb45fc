//! The attribution model: links each summary attribution to the statements it reports, in its
//! own record and the other records of the same meeting, by delegation, by person and by content
//! (cosine similarity of content-word weights). Pure; used by checks and features alike.

use std::sync::{Arc, LazyLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::parse::speaker;
use crate::record::Attribution;
use crate::text::fold;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

/// Words that say nothing about what a delegation said.
const STOPWORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "an",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "for",
    "on",
    "that",
    "this",
    "with",
    "as",
    "by",
    "it",
    "its",
    "at",
    "from",
    "or",
    "but",
    "not",
    "has",
    "have",
    "had",
    "he",
    "she",
    "his",
    "her",
    "they",
    "their",
    "them",
    "said",
    "says",
    "also",
    "which",
    "who",
    "will",
    "would",
    "can",
    "could",
    "must",
    "should",
    "more",
    "such",
    "these",
    "those",
    "there",
    "than",
    "into",
    "all",
    "other",
    "any",
    "some",
    "many",
    "including",
    "while",
    "further",
    "noting",
    "stressed",
    "adding",
    "country",
    "countries",
    "government",
    "delegate",
    "representative",
    "national",
    "international",
    "united",
    "nations",
    "trafficking",
    "human",
    "persons",
    "person",
    "today",
    "states",
    "state",
    "member",
    "efforts",
    "combat",
    "combating",
    "crime",
    "victims",
    "need",
    "needs",
    "what",
    "how",
    "one",
    "two",
    "per",
    "cent",
    "among",
    "been",
    "being",
    "do",
    "does",
    "did",
    "so",
    "if",
    "no",
    "our",
    "we",
    "us",
    "i",
    "my",
    "you",
    "your",
    "about",
    "between",
    "through",
    "over",
    "under",
    "up",
    "out",
    "only",
    "own",
    "same",
    "both",
    "each",
    "very",
    "just",
    "new",
    "said",
    "he",
    "she",
    "also",
    "there",
    "then",
    "when",
];

/// [`STOPWORDS`] as a set: every word of every statement is looked up in it.
static STOPWORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Content words of a text, folded, with counts.
pub fn content_words(text: &str) -> FxHashMap<String, f64> {
    let mut out = FxHashMap::default();
    for w in fold(text).split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 3 || STOPWORD_SET.contains(w) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // A crude stem keeps "migrants"/"migrant" and "laws"/"law" together.
        let stem = w.strip_suffix('s').filter(|s| s.len() >= 4).unwrap_or(w);
        *out.entry(stem.to_string()).or_insert(0.0) += 1.0;
    }
    out
}

/// The statements of the records of one meeting as weighted content words (tf × idf) in an
/// inverted index, for matching summaries against them by cosine similarity.
pub struct MeetingIndex {
    pub statements: Vec<StatementRef>,
    /// word → (statement index, weight) for every statement using the word.
    postings: FxHashMap<String, Vec<(usize, f64)>>,
    norms: Vec<f64>,
    df: FxHashMap<String, f64>,
    n: f64,
}

impl MeetingIndex {
    /// The index of `file`'s meeting, built once per meeting (see [`Workspace::meeting_memo`]).
    pub fn of_meeting(ws: &Workspace, file: FileId) -> Arc<MeetingIndex> {
        MeetingIndex::for_members(ws, &ws.same_meeting(file))
    }

    /// The index of the statements of `members`, built once per meeting.
    pub fn for_members(ws: &Workspace, members: &[FileId]) -> Arc<MeetingIndex> {
        ws.meeting_memo(members, || MeetingIndex::build(ws, members))
    }

    fn build(ws: &Workspace, members: &[FileId]) -> MeetingIndex {
        let mut statements = Vec::new();
        let mut words = Vec::new();
        for &f in members {
            let Some(doc) = ws.get(f) else { continue };
            for (i, st) in doc.record.statements.iter().enumerate() {
                statements.push(StatementRef {
                    file: f,
                    statement: i,
                });
                words.push(content_words(doc.span_text(st.span)));
            }
        }
        let mut df: FxHashMap<String, f64> = FxHashMap::default();
        for w in &words {
            for k in w.keys() {
                *df.entry(k.clone()).or_insert(0.0) += 1.0;
            }
        }
        let n = words.len().max(1) as f64;
        let idf = |w: &str| ((n + 1.0) / (df.get(w).copied().unwrap_or(0.0) + 1.0)).ln() + 1.0;
        let mut postings: FxHashMap<String, Vec<(usize, f64)>> = FxHashMap::default();
        let mut norms = Vec::with_capacity(words.len());
        for (i, bag) in words.into_iter().enumerate() {
            let mut norm = 0.0;
            for (w, tf) in bag {
                let weight = tf * idf(&w);
                norm += weight * weight;
                postings.entry(w).or_default().push((i, weight));
            }
            norms.push(norm.sqrt());
        }
        MeetingIndex {
            statements,
            postings,
            norms,
            df,
            n,
        }
    }

    pub fn idf(&self, w: &str) -> f64 {
        let df = self.df.get(w).copied().unwrap_or(0.0);
        ((self.n + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// Similarity of a text to each statement of the meeting, in the index's order.
    pub fn scores(&self, text: &str) -> Vec<f64> {
        let q = content_words(text);
        let mut dots = vec![0.0; self.statements.len()];
        let mut qnorm = 0.0;
        for (w, tf) in &q {
            let qw = tf * self.idf(w);
            qnorm += qw * qw;
            if let Some(list) = self.postings.get(w) {
                for &(i, sw) in list {
                    dots[i] += qw * sw;
                }
            }
        }
        let qnorm = qnorm.sqrt();
        dots.iter()
            .zip(&self.norms)
            .map(|(d, n)| {
                if qnorm == 0.0 || *n == 0.0 {
                    0.0
                } else {
                    d / (qnorm * n)
                }
            })
            .collect()
    }
}

/// Whether a statement's speaker is the one an attribution names: a delegation among its targets,
/// or the person it names.
pub fn statement_matches(
    ws: &Workspace,
    attr: &Attribution,
    attr_doc: &Document,
    st: StatementRef,
) -> bool {
    let Some(doc) = ws.get(st.file) else {
        return false;
    };
    if let Some(p) = attr.person {
        let tokens = speaker::name_tokens(attr_doc.span_text(p));
        return crate::workspace::same_person(&tokens, &doc.speaker_tokens[st.statement]);
    }
    let entity = doc.statement_entity(st.statement);
    entity.is_some() && attr.targets.iter().any(|t| t.entity == entity)
}

/// The statements an attribution reports, best content match first.
pub fn statements_for_attribution(
    ws: &Workspace,
    file: FileId,
    attribution: usize,
) -> Vec<StatementRef> {
    let Some(doc) = ws.get(file) else {
        return Vec::new();
    };
    let Some(attr) = doc.record.attributions.get(attribution) else {
        return Vec::new();
    };
    let index = MeetingIndex::of_meeting(ws, file);
    let scores = index.scores(doc.span_text(attr.claim));
    let mut out: Vec<(f64, StatementRef)> = index
        .statements
        .iter()
        .zip(scores)
        .filter(|(st, _)| statement_matches(ws, attr, doc, **st))
        .map(|(st, s)| (s, *st))
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, s)| s).collect()
}

/// The attribution whose cue covers `offset`, if any.
pub fn attribution_at(doc: &Document, offset: usize) -> Option<usize> {
    doc.record
        .attributions
        .iter()
        .position(|a| a.cue.touches(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_scores_highest_against_the_statement_it_summarises() {
        let record = "Seventy-sixth Session,\n38th Meeting (AM)\n\nTitle\n\nStatements\n\n\
            RÓBERT CHATRNÚCH (Slovakia) said Slovakia stands ready to collaborate with partners on gender-sensitive responses.\n\n\
            IVAN ŠIMONOVIĆ (Croatia) labelled trafficking a modern form of slavery and a flagrant violation.\n";
        let mut ws = Workspace::default();
        let file = ws.upsert("r.txt", record);
        let index = MeetingIndex::of_meeting(&ws, file);
        assert_eq!(index.statements.len(), 2);
        let scores = index.scores("The adoption was decisive; Slovakia stands ready to collaborate with international partners");
        assert!(scores[0] > 0.3 && scores[0] > 2.0 * scores[1], "{scores:?}");
    }
}
