//! The attribution model: links each summary attribution to the statements it reports, in its
//! own record and the other records of the same meeting, by delegation, by person and by content
//! (cosine similarity of content-word weights). Pure; used by checks and features alike.

use std::sync::{Arc, LazyLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::parse::speaker;
use crate::record::Attribution;
use crate::text::fold;
use crate::workspace::{Document, FileId, StatementRef, Workspace};

/// Words that say nothing about what a delegation said, skipped when content words are
/// counted. Three groups, each word once: [`FUNCTION_WORDS`]; [`RECORD_WORDS`], which every
/// statement of every record uses; and [`SEED_TOPIC_WORDS`].
const STOPWORDS: [&[&str]; 3] = [FUNCTION_WORDS, RECORD_WORDS, SEED_TOPIC_WORDS];

/// Grammar words, pronouns and quantifiers.
const FUNCTION_WORDS: &[&str] = &[
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
    "what",
    "how",
    "one",
    "two",
    "per",
    "cent",
    "among",
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
    "then",
    "when",
];

/// The words of any meeting record: how the reporter reports ("said", "noting"), who speaks
/// ("delegate", "Member States", "Government") and the stock of every statement ("efforts").
const RECORD_WORDS: &[&str] = &[
    "said",
    "says",
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
    "today",
    "states",
    "state",
    "member",
    "efforts",
    "need",
    "needs",
];

/// The topic of the seed records' meeting, a debate on trafficking in persons: every statement
/// of that meeting uses them, so they tell no statement from another. They came in with content
/// matching, when the seeds were its only records. In a meeting on another topic they are
/// ordinary content words, dropped all the same; the tf × idf weights of [`MeetingIndex`] weigh
/// any meeting's common words down, so the list is kept only so that results on the seeds stay
/// as they were calibrated.
const SEED_TOPIC_WORDS: &[&str] = &[
    "trafficking",
    "human",
    "persons",
    "person",
    "combat",
    "combating",
    "crime",
    "victims",
];

/// [`STOPWORDS`] as a set: every word of every statement is looked up in it.
static STOPWORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().flat_map(|g| g.iter().copied()).collect());

/// Calls `f` with each content word of a text, folded and crudely stemmed, in text order.
fn for_each_content_word(text: &str, mut f: impl FnMut(&str)) {
    for w in fold(text).split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 3 || STOPWORD_SET.contains(w) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // A crude stem keeps "migrants"/"migrant" and "laws"/"law" together.
        f(w.strip_suffix('s').filter(|s| s.len() >= 4).unwrap_or(w));
    }
}

/// Content words of a text, folded, with counts.
pub fn content_words(text: &str) -> FxHashMap<String, f64> {
    let mut out = FxHashMap::default();
    for_each_content_word(text, |w| {
        *out.entry(w.to_string()).or_insert(0.0) += 1.0;
    });
    out
}

/// How many content words a text has (with repetitions).
pub fn content_word_count(text: &str) -> usize {
    let mut n = 0;
    for_each_content_word(text, |_| n += 1);
    n
}

/// The statements of the records of one meeting as weighted content words (tf × idf) in an
/// inverted index, for matching summaries against them by cosine similarity. Words are numbered
/// once per meeting, so a statement's words cost no allocation beyond the meeting's vocabulary.
pub struct MeetingIndex {
    pub statements: Vec<StatementRef>,
    /// word → its number in `postings` and `df`.
    vocabulary: FxHashMap<String, u32>,
    /// Per word, (statement index, weight) for every statement using it.
    postings: Vec<Vec<(u32, f64)>>,
    norms: Vec<f64>,
    /// Per word, how many statements use it.
    df: Vec<f64>,
    n: f64,
}

impl MeetingIndex {
    /// The index of `file`'s meeting, built once per meeting (see [`Workspace::meeting_memo`]).
    pub fn of_meeting(ws: &Workspace, file: FileId) -> Arc<MeetingIndex> {
        MeetingIndex::for_members(ws, &ws.meeting_of(file))
    }

    /// The index of the statements of `members`, built once per meeting.
    pub fn for_members(ws: &Workspace, members: &[FileId]) -> Arc<MeetingIndex> {
        ws.meeting_memo(members, || MeetingIndex::build(ws, members))
    }

    fn build(ws: &Workspace, members: &[FileId]) -> MeetingIndex {
        let mut statements = Vec::new();
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut bags: Vec<Vec<(u32, f64)>> = Vec::new();
        let mut tf: FxHashMap<u32, f64> = FxHashMap::default();
        for &f in members {
            let Some(doc) = ws.get(f) else { continue };
            for (i, st) in doc.record.statements.iter().enumerate() {
                statements.push(StatementRef {
                    file: f,
                    statement: i,
                });
                tf.clear();
                for_each_content_word(doc.span_text(st.span), |w| {
                    let next = vocabulary.len() as u32;
                    let id = match vocabulary.get(w) {
                        Some(&id) => id,
                        None => {
                            vocabulary.insert(w.to_string(), next);
                            next
                        }
                    };
                    *tf.entry(id).or_insert(0.0) += 1.0;
                });
                let mut bag: Vec<(u32, f64)> = tf.iter().map(|(&w, &c)| (w, c)).collect();
                bag.sort_unstable_by_key(|(w, _)| *w);
                bags.push(bag);
            }
        }
        let mut df = vec![0.0; vocabulary.len()];
        for bag in &bags {
            for (w, _) in bag {
                df[*w as usize] += 1.0;
            }
        }
        let n = bags.len().max(1) as f64;
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocabulary.len()];
        let mut norms = Vec::with_capacity(bags.len());
        for (i, bag) in bags.into_iter().enumerate() {
            let mut norm = 0.0;
            for (w, count) in bag {
                let weight = count * idf_of(n, df[w as usize]);
                norm += weight * weight;
                postings[w as usize].push((i as u32, weight));
            }
            norms.push(norm.sqrt());
        }
        MeetingIndex {
            statements,
            vocabulary,
            postings,
            norms,
            df,
            n,
        }
    }

    /// Similarity of a text to the statements of the meeting that share a word with it, as
    /// (statement index, score) in the index's order; every other statement scores 0.
    pub fn scores(&self, text: &str) -> Vec<(usize, f64)> {
        let q = content_words(text);
        // Dense: a claim's words usually reach a good part of the meeting's statements.
        let mut dots = vec![0.0; self.statements.len()];
        let mut qnorm = 0.0;
        for (w, tf) in &q {
            let id = self.vocabulary.get(w.as_str()).copied();
            let df = id.map_or(0.0, |id| self.df[id as usize]);
            let qw = tf * idf_of(self.n, df);
            qnorm += qw * qw;
            if let Some(id) = id {
                for &(i, sw) in &self.postings[id as usize] {
                    dots[i as usize] += qw * sw;
                }
            }
        }
        let qnorm = qnorm.sqrt();
        let out: Vec<(usize, f64)> = dots
            .into_iter()
            .enumerate()
            .filter(|(_, d)| *d != 0.0)
            .map(|(i, d)| {
                let n = self.norms[i];
                let score = if qnorm == 0.0 || n == 0.0 {
                    0.0
                } else {
                    d / (qnorm * n)
                };
                (i, score)
            })
            .collect();
        out
    }
}

/// Inverse document frequency of a word used by `df` of `n` statements.
fn idf_of(n: f64, df: f64) -> f64 {
    ((n + 1.0) / (df + 1.0)).ln() + 1.0
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
    let mut candidates = Vec::new();
    for f in ws.same_meeting(file) {
        let Some(d) = ws.get(f) else { continue };
        for i in 0..d.record.statements.len() {
            let st = StatementRef {
                file: f,
                statement: i,
            };
            if statement_matches(ws, attr, doc, st) {
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
    let scores: FxHashMap<usize, f64> = index
        .scores(doc.span_text(attr.claim))
        .into_iter()
        .collect();
    let mut out: Vec<(f64, StatementRef)> = index
        .statements
        .iter()
        .enumerate()
        .filter(|(_, st)| statement_matches(ws, attr, doc, **st))
        .map(|(i, st)| (scores.get(&i).copied().unwrap_or(0.0), *st))
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
    // Statements sharing no word with the claim score 0: neither the best match nor a better
    // own statement can be among them.
    let mut top: Option<(StatementRef, f64)> = None;
    let mut best_own = 0.0f64;
    for (i, score) in index.scores(attr_doc.span_text(attr.claim)) {
        let st = index.statements[i];
        if score > best_own && statement_matches(ws, attr, attr_doc, st) {
            best_own = score;
        }
        if top.is_none_or(|(_, s)| score > s) {
            top = Some((st, score));
        }
    }
    top.map(|(best, score)| ContentMatch {
        best,
        score,
        best_own,
    })
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
        let score = |i: usize| scores.iter().find(|s| s.0 == i).map_or(0.0, |s| s.1);
        assert!(score(0) > 0.3 && score(0) > 2.0 * score(1), "{scores:?}");
    }
}
