//! What the attribution and speaker checks know about a meeting — its records, the statements
//! and their content words, which delegations spoke, were listed or were reported — and the
//! votes that tell whether a header or a summary is the odd one out. [`MeetingAnalysis`] is
//! filled in phases by `checks::meeting`; [`MeetingContext`] is one record seen through it.

use std::sync::{Arc, OnceLock};

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Diagnostic;
use crate::linking::{MeetingIndex, Ties};
use crate::record::{RosterKind, Zone};
use crate::span::Span;
use crate::text::{ThreadRegex, compare_word_hashes};
use crate::workspace::{Document, FileId, StatementRef, Workspace};

// Thresholds of the attribution checks. Set by hand, not fitted: the clean seed records must raise
// no misattribution and the faults of tests/faults.rs (with a held-out set written after them)
// must be caught. Lower similarity thresholds catch more paraphrased misattributions and blame
// more summaries that merely share a topic with another delegation.

/// A summary's words match a statement "strongly" from this cosine similarity up.
pub const STRONG_MATCH: f64 = 0.30;
/// And "far better" than another when at least this many times its score.
pub const FAR_BETTER: f64 = 2.0;
/// Claims with fewer content words are too generic to match by content.
pub const MIN_CLAIM_WORDS: usize = 8;

/// Quotations shorter than this many words ("heinous", "modern slavery") recur too often to
/// say who said them. Longer minimums miss short verbatim slips; set by hand, with the
/// similarity thresholds.
pub const MIN_QUOTE_WORDS: usize = 4;
/// How far after a country's name (bytes) a self-reference's verb is looked for ("Bahrain has
/// prioritized"): the verb follows the name at once, the window only bounds the regex.
const SELF_REFERENCE_AFTER_BYTES: usize = 40;
/// How far before a country's name (bytes) "his country, " / "her country, " is looked for.
const SELF_REFERENCE_BEFORE_BYTES: usize = 16;
/// In [`weigh`], mentions of a country in a claim or a statement count up to this many: a
/// statement about a neighbour names it often without speaking for it.
const MENTION_CAP: usize = 2;

static SELF_REFERENCE_AFTER: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"^(?:[’']s\s|\s+(?:has|had|is|was|will|would|continues|continued|remains|remained|stands|stood|attaches|attached|considers|supports|believes|welcomes|welcomed|adopted|ratified|established|launched|enacted|set up|prioritized|prioritised|joined|received|signed|provides|provided|takes|took|became|hosted|hosts|shall|must|can|could)\b)").unwrap()
});

/// What the checks know of one meeting, computed once from the indexes and shared (through the
/// workspace's memo) by every record of the meeting and by code actions: the
/// statements and their content words, who spoke, was listed or was reported, the headers the
/// evidence contradicts and what the summaries of each record are found to misattribute.
pub struct MeetingAnalysis {
    /// The meeting's records, as [`Workspace::meeting_of`] gives them.
    pub members: Vec<FileId>,
    pub index: Arc<MeetingIndex>,
    /// Statements of the meeting by the entity their header ties them to.
    pub statements_by_entity: FxHashMap<usize, Vec<StatementRef>>,
    /// Entities reported speaking in narrative paragraphs (panels, replies) of the meeting.
    pub reported: FxHashSet<usize>,
    /// Entities named in the summary rosters of the meeting's records.
    pub rostered: FxHashSet<usize>,
    /// Delegations the meeting's summaries account for: listed, or named by an attribution.
    pub accounted: FxHashSet<usize>,
    /// The one unlisted statement and the one listed delegation without a statement, if the
    /// meeting has exactly one of each.
    pub pairing: Option<(StatementRef, usize)>,
    /// The summaries' cues naming a person with one country ("Anifah Aman, Minister for Foreign
    /// Affairs of Malaysia"), gathered once: each header of the meeting is compared with them.
    pub person_cues: Vec<PersonCue>,
    /// Per record of the meeting, its headers that tie a speaker to another country than the
    /// evidence does.
    pub conflicts: FxHashMap<FileId, Vec<Diagnostic>>,
    /// Entities that a conflicting or unknown header of the meeting probably stands for.
    pub explained: FxHashSet<usize>,
    /// Per record, what its summary's attributions are found to get wrong (the diagnostics may
    /// land in other records of the meeting: a header blamed by a summary).
    pub attributions: FxHashMap<FileId, Vec<Diagnostic>>,
    /// Statements some summary of the meeting reports by content; computed on first use.
    summarised: OnceLock<FxHashSet<StatementRef>>,
    /// Where the quotations of the meeting's summaries appear among its statements; computed
    /// on first use.
    verbatim: OnceLock<FxHashMap<Vec<u64>, Vec<usize>>>,
}

/// A summary cue naming a person and the one country it ties them to.
pub struct PersonCue {
    pub file: FileId,
    /// The person as written, and as name tokens.
    pub person: String,
    pub tokens: Vec<String>,
    pub entity: usize,
    /// Where the country is written.
    pub target: Span,
}

impl MeetingAnalysis {
    /// The facts of the meeting that need no judgement: who spoke, was listed, was reported,
    /// and the roster pairing. The judgements (`conflicts`, `explained`, `attributions`) are
    /// left empty for [`super::meeting`] to fill in, phase by phase.
    pub fn gather(ws: &Workspace, members: Vec<FileId>) -> MeetingAnalysis {
        let index = MeetingIndex::for_members(ws, &members);
        let mut statements_by_entity: FxHashMap<usize, Vec<StatementRef>> = FxHashMap::default();
        for st in &index.statements {
            if let Some(e) = ws.statement_entity(*st) {
                statements_by_entity.entry(e).or_default().push(*st);
            }
        }
        let mut reported = FxHashSet::default();
        let mut rostered = FxHashSet::default();
        let mut accounted = FxHashSet::default();
        let mut person_cues = Vec::new();
        for (f, d, a) in summary_attributions(ws, &members) {
            if let (Some(p), [t]) = (a.person, a.targets.as_slice())
                && let Some(entity) = t.entity
            {
                let person = d.span_text(p).to_string();
                person_cues.push(PersonCue {
                    file: f,
                    tokens: crate::parse::speaker::name_tokens(&person),
                    person,
                    entity,
                    target: t.span,
                });
            }
        }
        for &f in &members {
            let Some(d) = ws.get(f) else { continue };
            for a in &d.record.attributions {
                let entities = a.targets.iter().filter_map(|t| t.entity);
                match a.zone {
                    Zone::Body => reported.extend(entities),
                    Zone::Summary => accounted.extend(entities),
                }
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
        accounted.extend(rostered.iter().copied());
        let mut analysis = MeetingAnalysis {
            members,
            index,
            statements_by_entity,
            reported,
            rostered,
            accounted,
            person_cues,
            pairing: None,
            conflicts: FxHashMap::default(),
            explained: FxHashSet::default(),
            attributions: FxHashMap::default(),
            summarised: OnceLock::new(),
            verbatim: OnceLock::new(),
        };
        analysis.pairing = roster_pairing(ws, &analysis);
        analysis
    }

    pub fn has_statement(&self, entity: usize) -> bool {
        self.statements_by_entity.contains_key(&entity)
    }

    /// Statements the summaries of the meeting report by content: a summary naming the wrong
    /// delegation still accounts for the statement it summarises (that slip is reported there).
    pub fn summarised(&self, ws: &Workspace) -> &FxHashSet<StatementRef> {
        self.summarised.get_or_init(|| {
            let mut out = FxHashSet::default();
            for &f in &self.members {
                let Some(d) = ws.get(f) else { continue };
                // Summary attributions, and summary paragraphs as a whole (whose cue may be
                // unreadable).
                let claims = d
                    .record
                    .attributions
                    .iter()
                    .filter(|a| a.zone == Zone::Summary)
                    .map(|a| a.claim)
                    .chain(
                        d.record
                            .paragraphs
                            .iter()
                            .filter(|p| p.kind == crate::record::ParagraphKind::Summary)
                            .map(|p| p.span),
                    );
                for claim in claims {
                    // The last of equal best scores, as `max_by` over every score gave it.
                    let q = self.index.query_in(d, claim);
                    if let Some((i, score)) = self.index.best(&q, Ties::Last)
                        && score >= STRONG_MATCH
                    {
                        out.insert(self.index.statements[i]);
                    }
                }
            }
            out
        })
    }

    /// The statements (indexes into `index.statements`, in order) that hold `quote`, the words
    /// of a quotation of a summary of the meeting (see [`compare_word_hashes`]), verbatim: the
    /// same words in a row. Quotations shorter than [`MIN_QUOTE_WORDS`] are not looked for.
    pub fn statements_quoting(&self, ws: &Workspace, quote: &[u64]) -> &[usize] {
        let found = self
            .verbatim
            .get_or_init(|| quotations_found(ws, &self.members, &self.index));
        found.get(quote).map_or(&[], Vec::as_slice)
    }
}

/// The summary attributions of the meeting's loaded records, with their record.
fn summary_attributions<'a>(
    ws: &'a Workspace,
    members: &'a [FileId],
) -> impl Iterator<Item = (FileId, &'a Document, &'a crate::record::Attribution)> {
    members
        .iter()
        .filter_map(|&f| ws.get(f).map(|d| (f, d)))
        .flat_map(|(f, d)| {
            d.record
                .attributions
                .iter()
                .filter(|a| a.zone == Zone::Summary)
                .map(move |a| (f, d, a))
        })
}

/// Where each quotation of the meeting's summaries appears verbatim among its statements, as
/// whole words: one pass over each statement's words (computed once per record, shared with the
/// duplicate-paragraph check), rather than a search of every statement's text for every
/// quotation.
fn quotations_found(
    ws: &Workspace,
    members: &[FileId],
    index: &MeetingIndex,
) -> FxHashMap<Vec<u64>, Vec<usize>> {
    let quotes: Vec<Vec<u64>> = summary_attributions(ws, members)
        .flat_map(|(_, d, a)| {
            a.quotations
                .iter()
                .map(|&qi| compare_word_hashes(d.span_text(d.record.quotations[qi].inner)))
        })
        .collect();
    let statements = index.statements.iter().enumerate().filter_map(|(i, st)| {
        let d = ws.get(st.file)?;
        Some((
            i,
            d.compare_words()
                .in_span(d.record.statements[st.statement].span),
        ))
    });
    statements_holding(quotes, statements)
}

/// How many bits [`statements_holding`]'s filter of the quotations' first two words has: a
/// meeting's summaries quote a few hundred times at most.
const OPENING_BITS: usize = 1 << 12;

/// The bit of [`statements_holding`]'s filter for a quotation opening with `first`, `second`.
fn opening_bit(first: u64, second: u64) -> usize {
    (first.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ second) as usize % OPENING_BITS
}

/// Calls `found` with each of `quotes` (sorted, each of at least [`MIN_QUOTE_WORDS`] words;
/// `openings` the bits of their first two words) at each place of `words` that holds it. The walk
/// to the next place whose bit is set is a loop of its own: it is run for every word of the
/// meeting's statements, and keeps nothing else in registers.
fn quotations_in(
    words: &[u64],
    quotes: &[Vec<u64>],
    openings: &[u64; OPENING_BITS / 64],
    mut found: impl FnMut(usize),
) {
    if words.len() < MIN_QUOTE_WORDS {
        return;
    }
    let mut at = 0;
    while let Some(k) = words[at..]
        .iter()
        .zip(&words[at + 1..])
        .position(|(&first, &second)| {
            let bit = opening_bit(first, second);
            openings[bit / 64] & (1 << (bit % 64)) != 0
        })
    {
        let place = at + k;
        let opening = &words[place..place + 2];
        let from = quotes.partition_point(|q| q[..2] < *opening);
        for (n, q) in quotes.iter().enumerate().skip(from) {
            if q[..2] != *opening {
                break;
            }
            if words[place..].starts_with(q) {
                found(n);
            }
        }
        at = place + 1;
    }
}

/// The statements (numbered by `statements`, with their words, in order) holding each of
/// `quotes` (the words of quotations; those shorter than [`MIN_QUOTE_WORDS`] are not looked
/// for) verbatim, for the quotations held somewhere. The quotations are sorted, so those of one
/// opening are together; a statement's place is looked among them only when the bit of its
/// first two words is set: most places start no quotation, and a bit test is all they cost.
fn statements_holding<'a>(
    mut quotes: Vec<Vec<u64>>,
    statements: impl IntoIterator<Item = (usize, &'a [u64])>,
) -> FxHashMap<Vec<u64>, Vec<usize>> {
    quotes.retain(|q| q.len() >= MIN_QUOTE_WORDS);
    if quotes.is_empty() {
        return Default::default();
    }
    quotes.sort_unstable();
    quotes.dedup();
    let mut openings = [0u64; OPENING_BITS / 64];
    for q in &quotes {
        let bit = opening_bit(q[0], q[1]);
        openings[bit / 64] |= 1 << (bit % 64);
    }
    let mut holding: Vec<Vec<usize>> = vec![Vec::new(); quotes.len()];
    for (i, words) in statements {
        quotations_in(words, &quotes, &openings, |k| {
            if holding[k].last() != Some(&i) {
                holding[k].push(i);
            }
        });
    }
    quotes
        .into_iter()
        .zip(holding)
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// When the lists name exactly one delegation with no statement and exactly one statement's
/// delegation is in no list, that header most likely names the wrong country.
fn roster_pairing(ws: &Workspace, m: &MeetingAnalysis) -> Option<(StatementRef, usize)> {
    if m.rostered.is_empty() {
        return None;
    }
    let gaz = &ws.gaz;
    let mut unlisted = Vec::new();
    for st in &m.index.statements {
        let Some(doc) = ws.get(st.file) else { continue };
        let s = &doc.record.statements[st.statement];
        let Some(e) = doc.statement_entity(st.statement) else {
            continue;
        };
        let interactive = s
            .section
            .is_some_and(|sec| doc.record.sections[sec].kind.is_interactive());
        if s.form == crate::record::HeaderForm::PanelTurn
            || interactive
            || !gaz.entity(e).kind.is_delegation()
            || m.accounted.contains(&e)
        {
            continue;
        }
        unlisted.push(*st);
    }
    let silent: Vec<usize> = m
        .rostered
        .iter()
        .copied()
        .filter(|&e| gaz.entity(e).kind.is_delegation() && !m.has_statement(e))
        .collect();
    match (unlisted.as_slice(), silent.as_slice()) {
        ([st], [z]) => Some((*st, *z)),
        _ => None,
    }
}

/// One record of a meeting, seen through the meeting's analysis: what the per-record checks read.
pub struct MeetingContext<'a> {
    pub ws: &'a Workspace,
    pub file: FileId,
    pub doc: &'a Document,
    pub meeting: &'a MeetingAnalysis,
}

impl<'a> std::ops::Deref for MeetingContext<'a> {
    type Target = MeetingAnalysis;

    fn deref(&self) -> &MeetingAnalysis {
        self.meeting
    }
}

impl<'a> MeetingContext<'a> {
    /// The view of a loaded record of the meeting.
    pub fn of(
        ws: &'a Workspace,
        file: FileId,
        meeting: &'a MeetingAnalysis,
    ) -> Option<MeetingContext<'a>> {
        Some(MeetingContext {
            ws,
            file,
            doc: ws.get(file)?,
            meeting,
        })
    }

    pub fn explained(&self) -> &FxHashSet<usize> {
        &self.meeting.explained
    }

    pub fn roster_pairing(&self) -> Option<(StatementRef, usize)> {
        self.meeting.pairing
    }

    pub fn doc_of(&self, st: StatementRef) -> &'a Document {
        self.ws.get(st.file).expect("statement's file exists")
    }

    pub fn entity_of(&self, st: StatementRef) -> Option<usize> {
        self.doc_of(st).statement_entity(st.statement)
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
            .countries_in(span)
            .filter(|m| m.entity == entity)
            .filter(|m| exclude.is_none_or(|x| !x.contains_span(m.span)))
            .count()
            .min(cap)
    }

    /// Mentions of a country in a statement's body that read as self-references, per entity:
    /// (weak, strong). Weak: "Bahrain has prioritized", "Peru’s criminal laws" — also how a
    /// speaker talks of a country they criticise. Strong: "his country, Bahrain".
    pub fn self_references(&self, st: StatementRef) -> FxHashMap<usize, (usize, usize)> {
        let doc = self.doc_of(st);
        let s = &doc.record.statements[st.statement];
        let body = Span::new(s.header.end, s.span.end);
        let mut out: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
        for m in doc.record.countries_in(body) {
            if !self.ws.gaz.entity(m.entity).kind.is_delegation() {
                continue;
            }
            let after = crate::text::window(
                &doc.text,
                m.span.end,
                s.span.end.min(m.span.end + SELF_REFERENCE_AFTER_BYTES),
            );
            let before = crate::text::window(
                &doc.text,
                s.span
                    .start
                    .max(m.span.start.saturating_sub(SELF_REFERENCE_BEFORE_BYTES)),
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
    // The cue and the header each count once for the entity they name.
    let mut for_cue = 1 + ctx.mentions_in(cue_doc, claim, cue_entity, Some(cue), MENTION_CAP);
    let mut for_header = 1 + ctx.mentions_in(cue_doc, claim, header_entity, Some(cue), MENTION_CAP);
    for_cue += ctx.mentions_in(sdoc, body, cue_entity, None, MENTION_CAP);
    for_header += ctx.mentions_in(sdoc, body, header_entity, None, MENTION_CAP);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::text::CompareWords;

    /// Every quotation looked for in every statement, window by window: the reference.
    fn statements_holding_one_by_one(
        quotes: &[Vec<u64>],
        statements: &[(usize, &[u64])],
    ) -> FxHashMap<Vec<u64>, Vec<usize>> {
        let mut out: FxHashMap<Vec<u64>, Vec<usize>> = Default::default();
        for q in quotes.iter().filter(|q| q.len() >= MIN_QUOTE_WORDS) {
            let holding: Vec<usize> = statements
                .iter()
                .filter(|(_, words)| words.windows(q.len()).any(|w| w == q.as_slice()))
                .map(|&(i, _)| i)
                .collect();
            if !holding.is_empty() {
                out.insert(q.clone(), holding);
            }
        }
        out
    }

    #[test]
    fn one_pass_finds_the_quotations_each_search_does() {
        let pieces = [
            "the ",
            "Council ",
            "adopted ",
            "resolution ",
            "of ",
            "France ",
            "said ",
            "Côte ",
            "d’Ivoire ",
            "2023 ",
            "and ",
            "the ",
            "the ",
            "of ",
        ];
        let mut texts = crate::text::seed_texts();
        texts.extend(crate::text::random_texts(
            &pieces,
            0x2545_f491_4f6c_dd1d,
            60,
            400,
        ));
        let mut draw = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = move |below: usize| (draw() % below.max(1) as u64) as usize;
        let mut found = 0;
        // Meetings of a few texts each: their paragraphs are the statements, and runs of their
        // words (some out of place, so as to be held nowhere) the quotations.
        for meeting in texts.chunks(4) {
            let words: Vec<CompareWords> = meeting.iter().map(|t| CompareWords::of(t)).collect();
            let mut statements: Vec<(usize, &[u64])> = Vec::new();
            for (t, text) in meeting.iter().enumerate() {
                let mut start = 0;
                for p in text.split("\n\n") {
                    let span = Span::new(start, start + p.len());
                    statements.push((statements.len() * 2, words[t].in_span(span)));
                    start += p.len() + 2;
                }
            }
            let mut quotes: Vec<Vec<u64>> = Vec::new();
            for _ in 0..60 {
                let (_, words) = statements[next(statements.len())];
                let from = next(words.len());
                let mut quote = words[from..(from + next(12)).min(words.len())].to_vec();
                if next(4) == 0 && quote.len() > 2 {
                    quote.swap(1, 2);
                }
                quotes.push(quote);
            }
            let expected = statements_holding_one_by_one(&quotes, &statements);
            found += expected.values().map(Vec::len).sum::<usize>();
            assert_eq!(statements_holding(quotes, statements), expected);
        }
        assert!(found > 1000, "the quotations are found: {found}");
    }
}
