//! Recognition of mentions in a parsed record: countries and organisations, instruments (by
//! catalogue and by pattern), press-release and resolution references, quotations, and people
//! named in prose (which resolve panel turns to full names).

use std::sync::LazyLock;

use regex::Regex;

use super::header::{ANY_PRESS_SYMBOL, PRESS_SYMBOL};
use super::speaker;
use crate::knowledge::Gazetteer;
use crate::record::*;
use crate::span::Span;
use crate::text::FoldedText;

static RESOLUTION_A: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[AES]/RES/\d{1,4}/\d{1,4}(?-u:\b)|(?-u:\b)A/RES/\d{1,4}\s*\([IVXLC]+\)")
        .unwrap()
});
static RESOLUTION_S: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)S/RES/(\d{1,5})\s*\((\d{4})\)").unwrap());
static RESOLUTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[Rr]esolutions?\s+(?:(\d{3,5})\s*\((\d{4})\)|(\d{2,3})/(\d{1,3})(?-u:\b))")
        .unwrap()
});
static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[AS]/\d{2,3}/(?:L\.)?\d{1,4}(?:/Rev\.\d+)?(?:/Add\.\d+)?|(?-u:\b)S/\d{4}/\d{1,4}(?-u:\b)")
        .unwrap()
});
static PATTERN_INSTRUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:United Nations|International|Optional|Inter-American|African|European|Council of Europe|ILO|Arab|ASEAN)\s+)?(?:Convention|Protocol|Covenant|Declaration|Compact|Treaty|Charter|Agreement|Plan of Action|Programme of Action|Platform for Action)\s+(?i:on|for|against|of|to|relating to|concerning|between)\s+")
        .unwrap()
});
static TITLE_CONTINUES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?:on|for|against|to|of) (?:the )?").unwrap());
static YEAR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d{2})[\s\u{00A0}]+(?:(?:United Nations|UN)[\s\u{00A0}]+)?$")
        .unwrap()
});
static HONORIFIC_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(Mr|Ms|Mrs)\.\s+((?:\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*)(?:\s+\p{Lu}[\p{L}\p{M}'’\-\u{2011}]*){0,3})").unwrap()
});
/// Capitalised runs that may be a person's full name (see [`full_names`] for the word start).
static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Lu}[\p{Ll}\p{M}'’\-\u{2011}]+(?:\s+(?:(?:de|del|da|dos|van|von|al|bin|el|la|le)\s+)?(?:(?:al|el|ad|as|bin|ibn)[\-\u{2011}])?\p{Lu}[\p{L}\p{M}'’\-\u{2011}]+){1,4}").unwrap()
});

/// Capitalised runs that start a word. The word-start test is done here rather than with a
/// Unicode `\b` in the pattern, which would keep the regex engine off its fast path.
pub fn full_names(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    FULL_NAME.find_iter(text).filter(move |m| {
        text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

const SMALL_TITLE_WORDS: &[&str] = &[
    "the", "and", "of", "on", "in", "for", "against", "to", "its", "all", "their", "from", "with",
    "by", "at", "a", "an",
];

pub fn recognise(text: &str, folded: &FoldedText, gaz: &Gazetteer, rec: &mut Record) {
    // Countries and organisations, outside the capitals of speakers' names.
    let name_spans: Vec<Span> = rec.statements.iter().map(|s| s.name).collect();
    let (entities, instruments) = gaz.find_all(text, folded);
    for m in entities {
        // Names are in text order: only the last one starting at or before the mention can
        // hold it.
        let before = name_spans.partition_point(|n| n.start <= m.span.start);
        if before > 0 && name_spans[before - 1].contains_span(m.span) {
            continue;
        }
        rec.countries.push(CountryMention {
            span: m.span,
            entity: m.entity,
            form: m.form,
            possessive: m.possessive,
        });
    }

    // Instruments in the catalogue.
    let session = rec.session();
    for m in instruments {
        let base = crate::text::clamp_to_char_boundary(text, m.span.start.saturating_sub(30));
        let cited_year = YEAR_BEFORE
            .captures(&text[base..m.span.start])
            .and_then(|c| {
                let g = c.get(1)?;
                Some((
                    g.as_str().parse().ok()?,
                    Span::new(base + g.start(), base + g.end()),
                ))
            });
        // A year inside the masthead or the title count for nothing here.
        let instrument = gaz.resolve_instrument(&m.candidates, session, cited_year.map(|y| y.0));
        rec.instruments.push(InstrumentMention {
            span: m.span,
            instrument,
            candidates: m.candidates,
            form: Some(m.form),
            cited_year,
        });
    }
    // A catalogued alias followed by more of a title ("New York Declaration on Refugees and
    // Migrant") is a longer, possibly misspelt title: take it whole and let the check judge it.
    let catalogue_starts: Vec<usize> = rec.instruments.iter().map(|i| i.span.start).collect();
    for i in 0..rec.instruments.len() {
        // The alias may simply go on into the full title ("2021 Political Declaration on the
        // Implementation of the United Nations Global Plan ..."): cover it all.
        if let Some(end) = full_title_end(text, gaz, &rec.instruments[i]) {
            let m = &mut rec.instruments[i];
            m.span = Span::new(m.span.start, end);
            continue;
        }
        let m = &rec.instruments[i];
        let after = &text[m.span.end..];
        let Some(c) = TITLE_CONTINUES.find(after) else {
            continue;
        };
        if !after[c.end()..].starts_with(char::is_uppercase) {
            continue;
        }
        let end = extend_title(text, m.span.end + c.end(), &catalogue_starts);
        if end > m.span.end + c.end() {
            let m = &mut rec.instruments[i];
            m.span = Span::new(m.span.start, end);
            m.form = None;
        }
    }
    // Mentions swallowed by a longer title go.
    let spans: Vec<Span> = rec.instruments.iter().map(|i| i.span).collect();
    let mut k = 0;
    rec.instruments.retain(|m| {
        let inside = spans
            .iter()
            .enumerate()
            .any(|(j, o)| j != k && o.contains_span(m.span) && o.len() > m.span.len());
        k += 1;
        !inside
    });
    // Instruments by pattern, where the catalogue found nothing.
    for m in PATTERN_INSTRUMENT.find_iter(text) {
        if rec
            .instruments
            .iter()
            .any(|i| i.span.start < m.end() && m.start() < i.span.end)
        {
            continue;
        }
        let end = extend_title(text, m.end(), &catalogue_starts);
        if end <= m.end() {
            continue;
        }
        // Capitalised words just before may belong to the title ("New York Declaration on ...")
        // or not ("Delegates Cite Convention on ..." in a title): keep them when the title then
        // reads more like a catalogued one.
        let back = extend_title_back(text, m.start());
        let span = if back < m.start() {
            let score = |sp: Span| {
                gaz.closest_instrument(sp.text(text))
                    .map_or(0.0, |(_, s)| s)
            };
            let longer = Span::new(back, end);
            let shorter = Span::new(m.start(), end);
            if score(longer) > score(shorter) {
                longer
            } else {
                shorter
            }
        } else {
            Span::new(m.start(), end)
        };
        if rec
            .instruments
            .iter()
            .any(|i| i.span.start < span.end && span.start < i.span.end)
        {
            continue;
        }
        rec.instruments.push(InstrumentMention {
            span,
            instrument: None,
            candidates: Vec::new(),
            form: None,
            cited_year: None,
        });
    }
    rec.instruments.sort_by_key(|i| i.span.start);

    // References: press releases, resolutions, documents (outside the masthead). Symbols hold a
    // '/' and resolutions in words say "resolution": only such paragraphs are searched.
    let masthead_end = rec.header.span().map_or(0, |s| s.end);
    for p in &rec.paragraphs {
        if p.kind == ParagraphKind::Header || p.span.end <= masthead_end {
            continue;
        }
        let ptext = p.span.text(text);
        let base = p.span.start;
        let at = |m: regex::Match<'_>| Span::new(base + m.start(), base + m.end());
        let mut found: Vec<Reference> = Vec::new();
        if memchr::memchr(b'/', ptext.as_bytes()).is_some() {
            for m in PRESS_SYMBOL.find_iter(ptext) {
                found.push(Reference {
                    span: at(m),
                    kind: ReferenceKind::PressRelease,
                    symbol: m.as_str().to_string(),
                });
            }
            // After "Press Release(s)" any series is a press release, listed or not.
            for (cue, _) in ptext.match_indices("Press Release") {
                let tail = &ptext[cue..];
                let end = tail.find([')', ';']).unwrap_or(tail.len()).min(120);
                let tail = &tail[..tail.floor_char_boundary(end)];
                for m in ANY_PRESS_SYMBOL.find_iter(tail) {
                    // "A/76/L.11" is a document, not a press release "A/76".
                    if tail[m.end()..].starts_with('/') {
                        continue;
                    }
                    let span = Span::new(base + cue + m.start(), base + cue + m.end());
                    if !found
                        .iter()
                        .any(|r| r.span.start < span.end && span.start < r.span.end)
                    {
                        found.push(Reference {
                            span,
                            kind: ReferenceKind::PressRelease,
                            symbol: m.as_str().to_string(),
                        });
                    }
                }
            }
            for m in RESOLUTION_A.find_iter(ptext) {
                found.push(Reference {
                    span: at(m),
                    kind: ReferenceKind::Resolution,
                    symbol: m.as_str().split_whitespace().collect(),
                });
            }
            for c in RESOLUTION_S.captures_iter(ptext) {
                found.push(Reference {
                    span: at(c.get(0).unwrap()),
                    kind: ReferenceKind::Resolution,
                    symbol: format!("S/RES/{}({})", &c[1], &c[2]),
                });
            }
        }
        if memchr::memmem::find(ptext.as_bytes(), b"esolution").is_some() {
            for c in RESOLUTION_WORDS.captures_iter(ptext) {
                let symbol = if let (Some(n), Some(y)) = (c.get(1), c.get(2)) {
                    format!("S/RES/{}({})", n.as_str(), y.as_str())
                } else {
                    format!("A/RES/{}/{}", &c[3], &c[4])
                };
                found.push(Reference {
                    span: at(c.get(0).unwrap()),
                    kind: ReferenceKind::Resolution,
                    symbol,
                });
            }
        }
        if memchr::memchr(b'/', ptext.as_bytes()).is_some() {
            for m in DOCUMENT.find_iter(ptext) {
                let span = at(m);
                if found.iter().any(|r| r.span.contains_span(span)) {
                    continue;
                }
                found.push(Reference {
                    span,
                    kind: ReferenceKind::Document,
                    symbol: m.as_str().to_string(),
                });
            }
        }
        rec.references.extend(found);
    }
    // A record's own symbol is never a cross-reference, wherever it is written again.
    if let Some(own) = rec.header.symbol() {
        let own = own.to_string();
        rec.references
            .retain(|r| r.kind != ReferenceKind::PressRelease || r.symbol != own);
    }
    rec.references.sort_by_key(|r| r.span.start);

    // Quotations, paired within a paragraph.
    for (pi, p) in rec.paragraphs.iter().enumerate() {
        if matches!(
            p.kind,
            ParagraphKind::Title | ParagraphKind::Subtitle | ParagraphKind::Header
        ) {
            continue;
        }
        let ptext = p.span.text(text);
        let mut open: Option<usize> = None;
        // Quotation marks are '"' or start with byte 0xE2 (“ ”): jump between candidates.
        let marks = memchr::memchr2_iter(b'"', 0xE2, ptext.as_bytes())
            .filter_map(|i| ptext[i..].chars().next().map(|c| (i, c)));
        for (i, c) in marks {
            match (c, open) {
                ('“', _) => open = Some(i),
                ('"', None) => open = Some(i),
                ('”' | '"', Some(o)) => {
                    let start = p.span.start + o;
                    let end = p.span.start + i + c.len_utf8();
                    let inner_start = start + ptext[o..].chars().next().unwrap().len_utf8();
                    let inner_end = p.span.start + i;
                    if inner_end > inner_start {
                        rec.quotations.push(Quotation {
                            span: Span::new(start, end),
                            inner: Span::new(inner_start, inner_end),
                            paragraph: pi,
                        });
                    }
                    open = None;
                }
                _ => {}
            }
        }
    }

    // People referred to by honorific in prose ("Mr. Chhap"), excluding headers' own honorifics.
    for (pi, p) in rec.paragraphs.iter().enumerate() {
        let ptext = p.span.text(text);
        for c in HONORIFIC_REF.captures_iter(ptext) {
            let m = c.get(0).unwrap();
            if m.start() == 0 && p.kind == ParagraphKind::StatementHeader {
                continue;
            }
            let name = c.get(2).unwrap();
            // Stop at the first word that is a sentence's start rather than a name.
            let tokens = speaker::name_tokens(name.as_str());
            if tokens.is_empty() {
                continue;
            }
            rec.persons.push(PersonMention {
                span: Span::new(p.span.start + m.start(), p.span.start + name.end()),
                honorific: Honorific::parse(&c[1]),
                tokens,
                affiliation: None,
                paragraph: pi,
            });
        }
    }

    resolve_panel_turns(text, gaz, rec);
}

/// Extends an instrument title found by pattern over its capitalised words and small words.
fn extend_title(text: &str, from: usize, stop_at: &[usize]) -> usize {
    let mut last_cap_end = from;
    let mut pos = from;
    let bytes = text.as_bytes();
    loop {
        // Another title begins here ("... Crime and the Global Plan of Action"): stop before it.
        if stop_at.contains(&pos) {
            break;
        }
        let rest = &text[pos..];
        let word_len = rest
            .find(|c: char| {
                !(c.is_alphanumeric() || c == '-' || c == '\u{2011}' || c == '’' || c == '\'')
            })
            .unwrap_or(rest.len());
        if word_len == 0 {
            break;
        }
        let word = &rest[..word_len];
        let cap = word.chars().next().is_some_and(|c| c.is_uppercase());
        if !cap && !SMALL_TITLE_WORDS.contains(&word) {
            break;
        }
        pos += word_len;
        if cap {
            last_cap_end = pos;
        }
        // Continue over one space, or ", " before another capitalised word.
        if bytes.get(pos) == Some(&b' ') {
            pos += 1;
        } else if text[pos..].starts_with(", ")
            && text[pos + 2..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
        {
            pos += 2;
        } else {
            break;
        }
    }
    last_cap_end
}

/// Where the canonical title ends when an alias match is its beginning and the text goes on
/// with the rest of it.
fn full_title_end(text: &str, gaz: &Gazetteer, m: &InstrumentMention) -> Option<usize> {
    let ins = gaz.instrument(m.instrument?);
    let written = crate::text::fold(m.span.text(text));
    let written = written.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let title = crate::text::fold(&ins.title);
    let rest = title.strip_prefix(written)?;
    if rest.is_empty() {
        return None;
    }
    let after = crate::text::window(text, m.span.end, m.span.end + rest.len() * 2 + 8);
    let folded = FoldedText::new(after);
    if !folded.text.starts_with(rest) {
        return None;
    }
    Some(m.span.end + folded.original_span(0, rest.len(), after).end)
}

/// Moves a title's start back over up to three capitalised words ("New York" before "Declaration").
fn extend_title_back(text: &str, start: usize) -> usize {
    let mut begin = start;
    for _ in 0..3 {
        let Some(before) = text[..begin].strip_suffix(' ') else {
            break;
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '’' || *c == '\''))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        if word.is_empty() || !word.chars().next().is_some_and(char::is_uppercase) || word == "The"
        {
            break;
        }
        // A sentence's first word is not part of the title.
        if word_start == 0
            || text[..word_start]
                .trim_end()
                .ends_with(['.', '“', '"', '('])
        {
            break;
        }
        begin = word_start;
    }
    begin
}

/// Ties each panel turn ("Ms. MINGEIROU", "Mr. BLANCO") to the full name under which the record
/// introduced that panellist ("Kalliope Mingeirou, Chief of ...", "José Alfonso Blanco Conde
/// (Dominican Republic)"), and takes the affiliation given there.
fn resolve_panel_turns(text: &str, gaz: &Gazetteer, rec: &mut Record) {
    let turns: Vec<usize> = rec
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.form == HeaderForm::PanelTurn || (s.honorific.is_some() && s.affiliation.is_none())
        })
        .map(|(i, _)| i)
        .collect();
    if turns.is_empty() {
        return;
    }
    // Candidate full names in narrative and summary paragraphs.
    let mut candidates: Vec<(Span, Vec<String>, usize)> = Vec::new();
    for (pi, p) in rec.paragraphs.iter().enumerate() {
        if !matches!(p.kind, ParagraphKind::Narrative | ParagraphKind::Summary) {
            continue;
        }
        let ptext = p.span.text(text);
        for m in full_names(ptext) {
            candidates.push((
                Span::new(p.span.start + m.start(), p.span.start + m.end()),
                speaker::name_tokens(m.as_str()),
                pi,
            ));
        }
    }
    for t in turns {
        let tokens: Vec<String> = rec.statements[t]
            .name_key
            .split(' ')
            .map(str::to_string)
            .collect();
        let section = rec.statements[t].section;
        let best = candidates
            .iter()
            .filter(|(_, ct, pi)| {
                ct.len() > tokens.len()
                    && speaker::tokens_compatible(&tokens, ct)
                    && (section.is_none()
                        || rec.paragraphs[*pi].section == section
                        || rec.paragraphs[*pi].section.is_none())
            })
            .max_by_key(|(_, ct, pi)| (rec.paragraphs[*pi].section == section, ct.len()))
            // A surname misspelt in the turn (DARTON for Darnton) still finds its panellist.
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|(_, ct, pi)| {
                        tokens.len() == 1
                            && tokens[0].chars().count() >= 5
                            && ct.len() >= 2
                            && ct
                                .last()
                                .is_some_and(|l| strsim::levenshtein(l, &tokens[0]) == 1)
                            && rec.paragraphs[*pi].section == section
                    })
                    .max_by_key(|(_, ct, _)| ct.len())
            });
        if let Some((span, _, pi)) = best {
            let span = *span;
            rec.statements[t].full_name = Some(span);
            if rec.statements[t].affiliation.is_none() {
                rec.statements[t].affiliation =
                    introduced_affiliation(text, gaz, span, rec.paragraphs[*pi].span);
            }
        }
    }
}

/// The affiliation given right after a name: "(Dominican Republic)" or ", Chief of ..., UN Women;".
fn introduced_affiliation(
    text: &str,
    gaz: &Gazetteer,
    name: Span,
    paragraph: Span,
) -> Option<Affiliation> {
    let after = &text[name.end..paragraph.end];
    if let Some((consumed, rest)) = crate::text::strip_space_paren(after) {
        let close = rest.find(')')?;
        let inner_start = name.end + consumed;
        let (entity, _) = gaz.lookup_entity(&rest[..close])?;
        return Some(Affiliation {
            entity: Some(entity),
            span: Span::new(inner_start, inner_start + close),
            source: AffiliationSource::Introduction,
        });
    }
    if after.starts_with(", ") {
        let stop = after.find([';', '.']).unwrap_or(after.len()).min(240);
        let stop = crate::text::clamp_to_char_boundary(after, stop);
        let (entity, at) = speaker::descriptor_entity(gaz, after, Span::new(0, stop))?;
        return Some(Affiliation {
            entity: Some(entity),
            span: at.shift(name.end),
            source: AffiliationSource::Introduction,
        });
    }
    None
}
