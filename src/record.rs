//! The parsed shape of one meeting-coverage record: plain data over byte spans, produced by
//! `parse` and read by everything downstream. No behaviour beyond small accessors.

use serde::Serialize;

use crate::knowledge::{NameForm, TitleForm};
use crate::span::Span;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Record {
    pub header: Header,
    pub title: Option<Span>,
    pub subtitle: Option<Span>,
    /// The summary paragraphs, from the first after the title to the first section or statement.
    pub summary: Option<Span>,
    pub paragraphs: Vec<Paragraph>,
    pub sections: Vec<Section>,
    pub statements: Vec<Statement>,
    pub attributions: Vec<Attribution>,
    pub rosters: Vec<Roster>,
    pub replies: Vec<Reply>,
    pub countries: Vec<CountryMention>,
    pub instruments: Vec<InstrumentMention>,
    pub references: Vec<Reference>,
    /// Agenda items under consideration ("agenda item 73").
    pub agenda_items: Vec<AgendaItem>,
    pub quotations: Vec<Quotation>,
    /// People named in prose ("Kalliope Mingeirou", "Mr. Bien-Aimé"), for panel turns.
    pub persons: Vec<PersonMention>,
    pub noise: Vec<Span>,
    pub footer: Option<Span>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Header {
    /// The session number ("Seventy-sixth Session," → 76; "2024 Session," → 2024) and where it is
    /// written. Ordinals stay below 100 and years above 1900, so the two never meet.
    pub session: Option<(u32, Span)>,
    /// The session is numbered by year (ECOSOC, the Special Committee on Decolonization).
    pub session_by_year: bool,
    /// "Resumed Seventy-sixth Session,".
    pub resumed: bool,
    pub meetings: Vec<u32>,
    pub meeting_span: Option<Span>,
    /// "AM", "PM" or "AM & PM" as written.
    pub period: Option<String>,
    /// The organ the symbol or title names ("General Assembly", "Security Council"...).
    pub organ: Option<String>,
    /// The press-release symbol ("GA/12387") and where it is written.
    pub symbol: Option<(String, Span)>,
    /// The date the older layout prints as eight digits ("19981005" → "1998-10-05") and where.
    pub date: Option<(String, Span)>,
}

impl Header {
    pub fn span(&self) -> Option<Span> {
        let spans = [
            self.session.as_ref().map(|s| s.1),
            self.meeting_span,
            self.symbol.as_ref().map(|s| s.1),
            self.date.as_ref().map(|d| d.1),
        ];
        spans.into_iter().flatten().reduce(|a, b| a.cover(b))
    }

    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_ref().map(|s| s.0.as_str())
    }

    pub fn session_number(&self) -> Option<u32> {
        self.session.map(|s| s.0)
    }

    /// The session as a reader says it: "session 76", "resumed session 76", "2024 session".
    pub fn session_label(&self) -> Option<String> {
        let (n, _) = self.session?;
        let resumed = if self.resumed { "resumed " } else { "" };
        Some(if self.session_by_year {
            format!("{resumed}{n} session")
        } else {
            format!("{resumed}session {n}")
        })
    }

    /// The meetings with their period: "meeting 37 (AM & PM)", "meetings 16 & 17 & 18".
    pub fn meetings_label(&self) -> Option<String> {
        if self.meetings.is_empty() {
            return None;
        }
        let m: Vec<String> = self.meetings.iter().map(u32::to_string).collect();
        let mut s = format!(
            "{} {}",
            if m.len() > 1 { "meetings" } else { "meeting" },
            m.join(" & ")
        );
        if let Some(p) = &self.period {
            s.push_str(&format!(" ({p})"));
        }
        Some(s)
    }

    /// Everything the masthead says, in reading order: "session 76, meeting 37 (AM & PM),
    /// GA/12387", "GA/9460, 1998-10-05". Shared by the outline's header node and the hover.
    pub fn describe(&self) -> String {
        let parts = [
            self.session_label(),
            self.meetings_label(),
            self.symbol().map(str::to_string),
            self.date.as_ref().map(|d| d.0.clone()),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphKind {
    Noise,
    Header,
    Title,
    Subtitle,
    Summary,
    Heading,
    StatementHeader,
    Continuation,
    /// A reporter's paragraph inside a section: panel chairs, "The representative of X asked".
    Narrative,
    Footer,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParagraphKind,
    pub section: Option<usize>,
    pub statement: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub name: String,
    /// What the heading says the section is, decided once when it is read.
    pub kind: SectionKind,
    pub heading: Span,
    /// From the heading to the end of the section's last paragraph.
    pub span: Span,
}

/// The sort of section a heading opens, by the words it uses (case aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// "Right of Reply": delegations answering each other.
    RightOfReply,
    /// Panels, dialogues, discussions, briefings and their summaries: speakers the summary's
    /// lists ("Also delivering statements were ...") do not cover.
    Interactive,
    /// Opening remarks, statements, action: the meeting's own business.
    Other,
}

impl SectionKind {
    /// Words of a heading that make its section interactive ("summar" for "Summary" and
    /// "Summaries of Panel Discussions").
    const INTERACTIVE_WORDS: &[&str] = &[
        "panel",
        "discussion",
        "dialogue",
        "interactive",
        "briefing",
        "summar",
    ];

    /// The kind of section a heading opens.
    pub(crate) fn of_heading(heading: &str) -> SectionKind {
        let l = heading.to_lowercase();
        if l.contains("reply") {
            SectionKind::RightOfReply
        } else if Self::INTERACTIVE_WORDS.iter().any(|k| l.contains(k)) {
            SectionKind::Interactive
        } else {
            SectionKind::Other
        }
    }

    /// Whether the summary's lists of speakers leave this section's speakers out: panels,
    /// dialogues, replies.
    pub(crate) fn is_interactive(self) -> bool {
        matches!(self, SectionKind::RightOfReply | SectionKind::Interactive)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderForm {
    /// `NAME (Country) said`, possibly followed by a title.
    Parenthesized,
    /// `NAME, Title of Country, said`.
    Titled,
    /// `Ms. NAME said`: a panellist's turn.
    PanelTurn,
    /// "Following are X’s remarks": a record that is one statement.
    Remarks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Honorific {
    Mr,
    Ms,
    Mrs,
}

impl Honorific {
    pub fn parse(s: &str) -> Option<Honorific> {
        match s.trim_end_matches('.') {
            "Mr" | "MR" => Some(Honorific::Mr),
            "Ms" | "MS" => Some(Honorific::Ms),
            "Mrs" | "MRS" => Some(Honorific::Mrs),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Honorific::Mr => "Mr.",
            Honorific::Ms => "Ms.",
            Honorific::Mrs => "Mrs.",
        }
    }

    /// Ms. and Mrs. both address a woman; only Mr. against either is a contradiction.
    pub(crate) fn gender_differs(self, other: Honorific) -> bool {
        (self == Honorific::Mr) != (other == Honorific::Mr)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// From the header to the end of the last continuation paragraph.
    pub span: Span,
    /// The speaker header: name through the descriptor, before the reporting verb.
    pub header: Span,
    /// The speaker's name as written (capitals in headers).
    pub name: Span,
    pub honorific: Option<(Honorific, Span)>,
    pub form: HeaderForm,
    /// The delegation or organisation the header ties the speaker to.
    pub affiliation: Option<Affiliation>,
    /// The title or role as written ("Minister for Foreign Affairs of Belarus").
    pub role: Option<Span>,
    /// "speaking on behalf of Mher Grigoryan", "on behalf of the Group of Friends ...".
    pub on_behalf_of: Option<Span>,
    pub section: Option<usize>,
    pub paragraphs: Vec<usize>,
    /// Folded name tokens without initials or honorifics: the person's key within the record.
    pub name_key: String,
    /// For a panel turn, the full name it was resolved to ("José Alfonso Blanco Conde").
    pub full_name: Option<Span>,
}

impl Statement {
    /// The entity the speaker represents, if known.
    pub(crate) fn entity(&self) -> Option<usize> {
        self.affiliation.and_then(|a| a.entity)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AffiliationSource {
    /// `NAME (Slovakia)`.
    Parentheses,
    /// "Minister for Foreign Affairs of Belarus", "observer for the Holy See".
    Title,
    /// Learned from where a panellist was introduced.
    Introduction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Affiliation {
    /// Index into the gazetteer's entities; `None` when the text names no known entity.
    pub entity: Option<usize>,
    pub span: Span,
    pub source: AffiliationSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Zone {
    /// Before the first section heading or statement.
    Summary,
    /// A narrative paragraph among the statements (panels, right of reply).
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttributionTarget {
    pub entity: Option<usize>,
    pub span: Span,
}

/// The sort of party an attribution credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// A Member State's delegation.
    Country,
    /// A person named without an office of the United Nations system.
    Person,
    /// An official of the United Nations system named with their office ("Secretary-General
    /// António Guterres", "Pierre Lacroix, Under-Secretary-General for Peace Operations").
    Official,
    /// An organisation, group of States or United Nations entity.
    Organization,
    /// An observer State, the European Union, or a party the cue calls an observer.
    Observer,
    /// A petitioner, or a Non-Self-Governing or disputed territory's speaker.
    Petitioner,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Country => "country",
            PartyKind::Person => "person",
            PartyKind::Official => "official",
            PartyKind::Organization => "organization",
            PartyKind::Observer => "observer",
            PartyKind::Petitioner => "petitioner",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    /// The cue as written: "The representative of Slovakia", "Croatia’s delegate".
    pub cue: Span,
    pub targets: Vec<AttributionTarget>,
    /// A person named in the cue ("Vladimir Makei, Minister for Foreign Affairs of Belarus").
    pub person: Option<Span>,
    /// The attribution as written, from where it starts (an inverted reporting verb, a title
    /// before a name, "The" before a possessive) through its reporting verb: "The representative
    /// of Portugal, also speaking for Argentina, noted", "added Japan’s delegate".
    pub text: Span,
    /// The reporting verb ("said", "noted", "added"), before the cue when inverted.
    pub verb: Option<Span>,
    /// Those the party also spoke for: "also speaking for Argentina, Mexico and Sierra Leone",
    /// "speaking on behalf of the Group of 77 and China".
    pub on_behalf: Vec<AttributionTarget>,
    /// Who the party is; `None` when the cue names no known entity or person.
    pub party: Option<PartyKind>,
    /// The words attributed: from the cue to the next cue or the end of the paragraph.
    pub claim: Span,
    pub paragraph: usize,
    pub zone: Zone,
    /// Quotations inside the claim.
    pub quotations: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RosterKind {
    /// "Also delivering statements were ...", "Also speaking were ...".
    Statements,
    /// "... spoke in their capacity as observers".
    Observers,
    /// "Representatives of ... also participated", "Also participating were ...".
    Participants,
    /// "Speaking in the exercise of the right of reply were representatives of ...".
    RightOfReply,
}

#[derive(Debug, Clone, Serialize)]
pub struct Roster {
    pub span: Span,
    pub kind: RosterKind,
    pub entities: Vec<AttributionTarget>,
    pub paragraph: usize,
    pub zone: Zone,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub paragraph: usize,
    /// The delegation replying.
    pub speaker: Option<AttributionTarget>,
    /// The delegations answered ("in response to the statement made by the delegation of Turkey").
    pub targets: Vec<AttributionTarget>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountryMention {
    pub span: Span,
    pub entity: usize,
    pub form: NameForm,
    pub possessive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentMention {
    pub span: Span,
    /// The catalogue entry, resolved by year and session; `None` for an uncatalogued title.
    pub instrument: Option<usize>,
    pub candidates: Vec<usize>,
    /// `None` when recognised by pattern only ("Convention on ...").
    pub form: Option<TitleForm>,
    /// A year written next to it: "the 2010 Global Plan of Action".
    pub cited_year: Option<(u32, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    /// "(See Press Release GA/12387.)".
    PressRelease,
    /// "A/RES/75/283", "resolution 2331 (2016)".
    Resolution,
    /// "document A/76/L.11".
    Document,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub span: Span,
    pub kind: ReferenceKind,
    /// Normalised symbol: "GA/12387", "A/RES/75/283", "S/RES/2331(2016)".
    pub symbol: String,
}

/// An agenda item named in the text.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    pub span: Span,
    /// The item's number ("73", "73(a)"), or its title as the Security Council names it.
    pub item: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quotation {
    /// With its quotation marks.
    pub span: Span,
    pub inner: Span,
    pub paragraph: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonMention {
    pub span: Span,
    pub honorific: Option<Honorific>,
    /// Folded name tokens.
    pub tokens: Vec<String>,
    pub affiliation: Option<Affiliation>,
    pub paragraph: usize,
}

impl Record {
    /// The paragraph at `offset` (its end included).
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        self.paragraphs.iter().position(|p| p.span.touches(offset))
    }

    /// Every span that names a known entity: mentions, header affiliations, attribution, roster
    /// and reply targets (deduplicated, in text order; a longer span covering a shorter one for
    /// the same entity keeps the shorter).
    pub(crate) fn entity_spans(&self) -> Vec<(Span, usize)> {
        let rec = self;
        let mut out: Vec<(Span, usize)> =
            rec.countries.iter().map(|c| (c.span, c.entity)).collect();
        for st in &rec.statements {
            if let Some(a) = st.affiliation
                && let Some(e) = a.entity
            {
                out.push((a.span, e));
            }
        }
        let targets = rec
            .attributions
            .iter()
            .flat_map(|a| a.targets.iter())
            .chain(rec.rosters.iter().flat_map(|r| r.entities.iter()))
            .chain(
                rec.replies
                    .iter()
                    .flat_map(|r| r.speaker.iter().chain(r.targets.iter())),
            );
        for t in targets {
            if let Some(e) = t.entity {
                out.push((t.span, e));
            }
        }
        out.retain(|(s, _)| !s.is_empty());
        out.sort();
        out.dedup();
        // A longer span covering a shorter one for the same entity (an affiliation "the Holy See"
        // and the mention "Holy See") keeps the shorter.
        let mut kept: Vec<(Span, usize)> = Vec::with_capacity(out.len());
        for (s, e) in out {
            if let Some(last) = kept.last()
                && last.1 == e
                && (last.0.contains_span(s) || s.contains_span(last.0))
            {
                if s.len() < last.0.len() {
                    *kept.last_mut().unwrap() = (s, e);
                }
                continue;
            }
            kept.push((s, e));
        }
        kept
    }

    /// The country mentions inside `span` (mentions are in text order).
    pub(crate) fn countries_in(&self, span: Span) -> impl Iterator<Item = &CountryMention> {
        let first = self
            .countries
            .partition_point(|m| m.span.start < span.start);
        self.countries[first..]
            .iter()
            .take_while(move |m| m.span.start < span.end)
            .filter(move |m| span.contains_span(m.span))
    }

    /// The session a record belongs to, for resolving "Political Declaration" and the like.
    pub(crate) fn session(&self) -> Option<u32> {
        self.header.session_number()
    }
}
