//! Deterministic generators of benchmark corpora built from the five seed records in `fixtures/`:
//! an archive-shaped folder tree (thousands of records per session, each with its own symbol and
//! meeting) and the five stress shapes (a)–(e) of issue 8. Same arguments, same bytes: figures
//! taken on two branches compare the same input.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Session given to a seed that has no masthead (the fifth seed is a remark at the 76th session's
/// high-level meeting).
pub const DEFAULT_SESSION: &str = "Seventy-sixth Session,";

/// Copies per subfolder of the archive: a real archive is split by session and then by year or
/// batch, never one flat folder of 10^5 files.
const PER_FOLDER: usize = 1000;

/// Files and bytes written by a generator.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

impl Written {
    fn add(&mut self, path: &Path, text: &str) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }

    pub fn mb(&self) -> f64 {
        self.bytes as f64 / 1e6
    }
}

/// A seed record split into what the generators rewrite (the masthead) and what they keep.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Scrape-noise lines above the masthead ("Skip to main content"), kept verbatim.
    noise: Vec<String>,
    session: Option<String>,
    meeting: Option<String>,
    symbol: Option<String>,
    /// Everything below the masthead, from the title on.
    body: String,
}

fn is_noise(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("skip to main content")
}

fn is_session_line(line: &str) -> bool {
    let l = line.trim_end();
    l.len() < 60 && (l.ends_with("Session,") || l.ends_with("Session"))
}

fn is_meeting_line(line: &str) -> bool {
    let l = line.trim_end();
    l.len() < 60 && l.starts_with(|c: char| c.is_ascii_digit()) && l.contains("Meeting")
}

fn is_symbol_line(line: &str) -> bool {
    let l = line.trim_end();
    !l.is_empty()
        && l.len() < 40
        && l.contains('/')
        && l.chars().any(|c| c.is_ascii_digit())
        && l.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/' || c == '-')
}

impl Seed {
    /// Splits a record at the end of its masthead; a record without one keeps all its text
    /// (below the scrape noise) as body.
    pub fn parse(text: &str) -> Seed {
        let mut seed = Seed {
            noise: Vec::new(),
            session: None,
            meeting: None,
            symbol: None,
            body: String::new(),
        };
        let mut rest = text;
        loop {
            let (line, next) = match rest.find('\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, ""),
            };
            if rest.is_empty() {
                break;
            }
            let line = line.trim_end_matches('\r');
            if is_noise(line) && seed.session.is_none() && seed.meeting.is_none() {
                seed.noise.push(line.to_string());
            } else if line.trim().is_empty() && seed.session.is_none() && seed.meeting.is_none() {
                // Blank lines around the noise are dropped; one is written before the title.
            } else if seed.session.is_none() && is_session_line(line) {
                seed.session = Some(line.to_string());
            } else if seed.meeting.is_none() && is_meeting_line(line) {
                seed.meeting = Some(line.to_string());
            } else if seed.symbol.is_none() && is_symbol_line(line) {
                seed.symbol = Some(line.to_string());
            } else {
                break;
            }
            rest = next;
        }
        seed.body = rest.trim_start_matches(['\n', '\r']).to_string();
        seed
    }

    /// Whether the seed reports two meetings ("38th & 39th Meetings"): its copies keep that shape.
    fn meeting_count(&self) -> u32 {
        match &self.meeting {
            Some(m) if m.contains('&') && m.contains("Meetings") => 2,
            _ => 1,
        }
    }

    fn period(&self) -> &str {
        self.meeting
            .as_deref()
            .and_then(|m| m.find('(').map(|i| &m[i..]))
            .unwrap_or("(AM)")
    }

    pub fn session(&self) -> &str {
        self.session.as_deref().unwrap_or(DEFAULT_SESSION)
    }

    /// A folder name for the seed's session ("seventy-sixth-session").
    pub fn session_slug(&self) -> String {
        self.session()
            .trim_end_matches(',')
            .to_ascii_lowercase()
            .replace([' ', '\u{2011}'], "-")
    }

    /// The seed with its own meeting (numbered from `first`) and symbol, in its own session.
    pub fn copy(&self, first_meeting: u32, symbol: &str) -> String {
        let meeting = meeting_line(first_meeting, self.meeting_count(), self.period());
        self.render(self.session(), &meeting, symbol)
    }

    /// The seed under the given masthead lines.
    pub fn render(&self, session: &str, meeting: &str, symbol: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 128);
        for n in &self.noise {
            out.push_str(n);
            out.push('\n');
        }
        let _ = write!(out, "{session}\n{meeting}\n{symbol}\n\n");
        out.push_str(&self.body);
        out
    }
}

/// "1st", "22nd", "113th".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "37th Meeting (AM & PM)" or "38th & 39th Meetings (AM & PM)".
pub fn meeting_line(first: u32, count: u32, period: &str) -> String {
    if count == 2 {
        format!(
            "{} & {} Meetings {period}",
            ordinal(first),
            ordinal(first + 1)
        )
    } else {
        format!("{} Meeting {period}", ordinal(first))
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The five seeds, in file-name order.
pub fn seeds() -> Vec<Seed> {
    let mut paths: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = fs::read_to_string(p).expect("seed");
            Seed::parse(&text)
        })
        .collect()
}

/// Names of the gazetteer's entities (`name = "..."` of each `[[entity]]`), and which of them are
/// Member States. Read from the data file rather than the library so the corpus does not depend
/// on the code it measures.
pub fn entity_names() -> (Vec<String>, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/knowledge/data/entities.toml");
    let text = fs::read_to_string(path).expect("entities.toml");
    let (mut all, mut members) = (Vec::new(), Vec::new());
    let mut kind = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line == "[[entity]]" {
            kind.clear();
        } else if let Some(v) = value_of(line, "kind") {
            kind = v;
        } else if let Some(v) = value_of(line, "name") {
            if kind == "member" {
                members.push(v.clone());
            }
            all.push(v);
        }
    }
    (all, members)
}

fn value_of(line: &str, key: &str) -> Option<String> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    Some(rest.strip_prefix('"')?.strip_suffix('"')?.to_string())
}

/// The archive: `n` copies of the seeds round-robin, each with its own symbol (GA/200000 + i) and
/// meeting numbers, kept in its seed's session, under `<session>/<batch>/`.
pub fn archive(dir: &Path, n: usize) -> io::Result<Written> {
    let seeds = seeds();
    let mut w = Written::default();
    let mut per_session: Vec<(String, usize)> = Vec::new();
    for i in 0..n {
        let seed = &seeds[i % seeds.len()];
        let slug = seed.session_slug();
        let k = match per_session.iter_mut().find(|(s, _)| *s == slug) {
            Some((_, k)) => {
                *k += 1;
                *k - 1
            }
            None => {
                per_session.push((slug.clone(), 1));
                0
            }
        };
        // Two numbers per copy, so a two-meeting seed never shares a meeting with the next copy.
        let meeting = 100 + 2 * i as u32;
        let symbol = format!("GA/{}", 200_000 + i);
        let text = seed.copy(meeting, &symbol);
        let path = dir
            .join(&slug)
            .join(format!("batch-{:02}", k / PER_FOLDER))
            .join(format!("ga-{}.txt", 200_000 + i));
        w.add(&path, &text)?;
    }
    Ok(w)
}

/// Shape (a): `k` copies of the second seed (001), all reporting the same meeting, each with its
/// own symbol.
pub fn one_meeting(dir: &Path, k: usize) -> io::Result<Written> {
    let seeds = seeds();
    let seed = &seeds[1];
    let meeting = seed.meeting.clone().expect("seed 001 has a meeting line");
    let mut w = Written::default();
    for i in 0..k {
        let text = seed.render(seed.session(), &meeting, &format!("GA/{}", 300_000 + i));
        w.add(&dir.join(format!("ga-{}.txt", 300_000 + i)), &text)?;
    }
    Ok(w)
}

/// A small deterministic generator (xorshift64*): no dependency, same stream everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

const SUBJECTS: &[&str] = &[
    "her country",
    "his Government",
    "the delegation",
    "national authorities",
    "the region",
    "the international community",
    "civil society",
    "Member States",
];
const VERBS: &[&str] = &[
    "had strengthened",
    "would continue to support",
    "remained committed to",
    "called for",
    "had adopted",
    "was investing in",
    "had expanded",
    "urged greater attention to",
];
const OBJECTS: &[&str] = &[
    "victim-centred approaches",
    "the Global Plan of Action",
    "cooperation with civil society",
    "the protection of migrant workers",
    "new legislation against trafficking",
    "shelters for survivors",
    "training for border officials",
    "data collection on forced labour",
    "the prosecution of traffickers",
    "support for children in care",
];
const COMPLEMENTS: &[&str] = &[
    "in line with the Palermo Protocol",
    "across its borders",
    "with the help of regional partners",
    "despite the pandemic",
    "through a national action plan",
    "in every province",
];

/// One sentence of delegate prose, made distinct by a number.
pub fn sentence(rng: &mut Rng, n: usize) -> String {
    format!(
        "{} {} {} {}, reaching {} communities",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(COMPLEMENTS),
        n
    )
}

const FIRST: &[&str] = &[
    "ANA", "JOHN", "MARIA", "AHMED", "LI", "OLGA", "PEDRO", "FATIMA", "KENJI", "AMINA", "LARS",
    "SOFIA", "DAVID", "NADIA", "IVAN", "GRACE",
];
const SYLLABLES: &[&str] = &[
    "KA", "RO", "MI", "TAN", "LE", "VO", "SHI", "DRA", "NU", "BEL", "GO", "RIN", "SA", "TE", "MOR",
    "ZI",
];

/// A pool of `n` delegates, each tied to one Member State for the whole corpus (as a delegate
/// is), so the generated records raise no speaker-country conflict of their own making.
pub fn speakers(n: usize, members: &[String]) -> Vec<(String, String)> {
    // A name with its own parentheses ("Micronesia (Federated States of)") cannot stand inside a
    // header's "(Country)" on the old parser (it reads up to the first ")" and reports
    // unknown-country); the corpus stays clean so that timings measure clean records.
    let members: Vec<&String> = members.iter().filter(|m| !m.contains('(')).collect();
    (0..n)
        .map(|i| {
            let s = SYLLABLES.len();
            let surname = format!(
                "{}{}{}",
                SYLLABLES[i % s],
                SYLLABLES[(i / s) % s],
                SYLLABLES[(i / (s * s) + i) % s]
            );
            let name = format!("{} {}", FIRST[(i * 7) % FIRST.len()], surname);
            (name, members[i % members.len()].to_string())
        })
        .collect()
}

fn masthead(out: &mut String, meeting: u32, symbol: &str, title: &str) {
    let _ = write!(
        out,
        "{DEFAULT_SESSION}\n{}\n{symbol}\n\n{title}\n\n",
        meeting_line(meeting, 1, "(AM)")
    );
}

const FOOTER: &str = "For information media. Not an official record.\n";

/// Shape (b): `n` short records, each of its own meeting: a title, a summary paragraph
/// attributing to the first speaker's country, and three statements.
pub fn many_meetings(dir: &Path, n: usize) -> io::Result<Written> {
    let (_, members) = entity_names();
    let pool = speakers(400, &members);
    let mut rng = Rng::new(0xB);
    let mut w = Written::default();
    for i in 0..n {
        let mut t = String::new();
        masthead(
            &mut t,
            1000 + i as u32,
            &format!("GA/{}", 400_000 + i),
            &format!(
                "General Assembly Continues Debate on Agenda Item {}",
                i % 180 + 1
            ),
        );
        let who: Vec<&(String, String)> = (0..3).map(|k| &pool[(i * 7 + k * 131) % 400]).collect();
        let said: Vec<String> = (0..3).map(|k| sentence(&mut rng, i * 3 + k)).collect();
        let _ = write!(
            t,
            "The representative of {} said that {}.\n\nStatements\n\n",
            who[0].1, said[0]
        );
        for (k, (name, country)) in who.iter().enumerate() {
            let _ = write!(
                t,
                "{name} ({country}) said that {}. {}.\n\n",
                said[k],
                capitalise(&sentence(&mut rng, i))
            );
        }
        t.push_str(FOOTER);
        let path = dir
            .join(format!("batch-{:02}", i / PER_FOLDER))
            .join(format!("ga-{}.txt", 400_000 + i));
        w.add(&path, &t)?;
    }
    Ok(w)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

const HEADINGS: &[&str] = &[
    "Statements",
    "Opening Remarks",
    "Right of Reply",
    "Action on Draft Resolution",
    "Interactive Dialogue",
    "Closing Remarks",
    "Introduction of Reports",
    "Explanations of Vote",
];
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
const TOPIC_WORDS: &[&str] = &[
    "Human",
    "Trafficking",
    "Survivors",
    "Justice",
    "Protection",
    "Migration",
    "Children",
    "Partnerships",
    "Prevention",
    "Accountability",
];

/// Shape (c): one record of `n` short heading-like lines separated by blank lines: known section
/// names, "Panel IV", and short Title-Case phrases.
pub fn headings(file: &Path, n: usize) -> io::Result<Written> {
    let mut rng = Rng::new(0xC);
    let mut t = String::new();
    masthead(
        &mut t,
        500,
        "GA/500000",
        "General Assembly Holds Marathon Debate",
    );
    t.push_str("Speakers addressed many subjects throughout the day.\n\n");
    for i in 0..n {
        match i % 3 {
            0 => t.push_str(HEADINGS[(i / 3) % HEADINGS.len()]),
            1 => {
                let _ = write!(t, "Panel {}", ROMAN[(i / 3) % ROMAN.len()]);
            }
            _ => {
                let _ = write!(t, "{} and {}", rng.pick(TOPIC_WORDS), rng.pick(TOPIC_WORDS));
            }
        }
        t.push_str("\n\n");
    }
    t.push_str(FOOTER);
    let mut w = Written::default();
    w.add(file, &t)?;
    Ok(w)
}

/// Shape (d): one record of `n` statements, all by the same speaker, one in four followed by a
/// continuation paragraph.
pub fn one_speaker(file: &Path, n: usize) -> io::Result<Written> {
    let mut rng = Rng::new(0xD);
    let mut t = String::new();
    masthead(
        &mut t,
        600,
        "GA/600000",
        "United States Delegate Addresses Assembly at Length",
    );
    t.push_str(
        "The representative of the United States said that her country had done much.\n\nStatements\n\n",
    );
    for i in 0..n {
        let _ = write!(
            t,
            "KARI JOHNSTONE (United States) said that {}.\n\n",
            sentence(&mut rng, i)
        );
        if i % 4 == 3 {
            let _ = write!(t, "{}.\n\n", capitalise(&sentence(&mut rng, i)));
        }
    }
    t.push_str(FOOTER);
    let mut w = Written::default();
    w.add(file, &t)?;
    Ok(w)
}

/// Shape (e): one record whose summary has `n` attributions ("The representative of X said that
/// ...", each echoing its statement) and `n` statements.
pub fn attributions(file: &Path, n: usize) -> io::Result<Written> {
    let (_, members) = entity_names();
    let pool = speakers(members.len() * 2, &members);
    let mut rng = Rng::new(0xE);
    let said: Vec<String> = (0..n).map(|i| sentence(&mut rng, i)).collect();
    let mut t = String::new();
    masthead(
        &mut t,
        700,
        "GA/700000",
        "Assembly Hears Thousands of Delegations",
    );
    for (i, s) in said.iter().enumerate() {
        let _ = write!(
            t,
            "The representative of {} said that {s}.\n\n",
            pool[i % pool.len()].1
        );
    }
    t.push_str("Statements\n\n");
    for (i, s) in said.iter().enumerate() {
        let (name, country) = &pool[i % pool.len()];
        let _ = write!(
            t,
            "{name} ({country}) said that {s}. {}.\n\n",
            capitalise(&sentence(&mut rng, i))
        );
    }
    t.push_str(FOOTER);
    let mut w = Written::default();
    w.add(file, &t)?;
    Ok(w)
}
