//! The statement a claim matches best, found without scoring every statement of the meeting.
//! The claim's words are read rarest first; the statements the first (rare) words reach are
//! scored at once, the later (common) words' products only added up. Reading stops when the
//! words left could not lift a statement they alone reach to the best score found: each word
//! gives a statement at most its largest share of a statement's norm, and words all at least so
//! common give it at most their norm in the claim times the largest share of a statement's norm
//! that such words carry (Cauchy–Schwarz). In a meeting on one topic, the topic's words are then
//! never read. The statements whose partial sum plus that bound can still reach the best are
//! scored, exactly as [`MeetingIndex::scores`] scores them, so the best is the same statement
//! with the same score to the last bit. Before a statement is scored, its shares by slot (per
//! slot of words, the largest share of its norm such a word carries) bound what the claim's
//! words can give it; in a meeting where many statements share a claim's rarest word, all but
//! the few near the best are then ruled out unscored.

use std::cell::RefCell;

use super::index::{Bounds, MeetingIndex, Query, SLOTS, STEPS, df_band, word_slot};

/// Which of several statements with the same best score is the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    /// The first in the index's order.
    First,
    /// The last in the index's order.
    Last,
}

/// Bounds are compared with this relative margin: a bound summed in another order than the
/// score it bounds may differ from it in the last bits, and a statement must never be skipped
/// when its exact score could equal the best.
const MARGIN: f64 = 1e-9;

thread_local! {
    /// Per thread, partial dot products by statement and the statements touched: reused so a
    /// query costs the postings it reads, not the size of the meeting.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[derive(Default)]
struct Scratch {
    /// 0 for a statement no word has reached (every product is positive).
    acc: Vec<f64>,
    touched: Vec<u32>,
    /// `acc[..whole]` may be set, besides `touched`: a query that scores every statement
    /// reached reads them all back in order instead of listing the ones it reaches.
    whole: usize,
    /// The statements a word reaches first, with their bounds by slot.
    reached: Vec<(f64, u32)>,
}

impl Scratch {
    /// Ready for a meeting of `n` statements: every entry 0 (the previous query's entries are
    /// cleared here, so a query that panicked leaves nothing behind).
    fn reset(&mut self, n: usize) {
        for &i in &self.touched {
            self.acc[i as usize] = 0.0;
        }
        self.touched.clear();
        self.acc[..self.whole].fill(0.0);
        self.whole = 0;
        if self.acc.len() < n {
            self.acc.resize(n, 0.0);
        }
    }
}

/// The best statement so far, under a tie rule.
struct Best {
    ties: Ties,
    top: Option<(usize, f64)>,
}

impl Best {
    fn offer(&mut self, i: usize, score: f64) {
        let better = match self.top {
            None => true,
            Some((j, s)) => {
                score > s
                    || (score == s
                        && match self.ties {
                            Ties::First => i < j,
                            Ties::Last => i > j,
                        })
            }
        };
        if better {
            self.top = Some((i, score));
        }
    }

    /// The score to beat (or tie): 0 before any statement.
    fn score(&self) -> f64 {
        self.top.map_or(0.0, |(_, s)| s)
    }
}

/// Whether a statement bounded by `bound` cannot reach `score`, safely.
fn below(bound: f64, score: f64) -> bool {
    bound * (1.0 + MARGIN) < score
}

/// While the statements reached so far are fewer than this, each newly reached one is scored at
/// once, which gives the best score its value early (in a meeting, a claim's rarest words, a
/// delegation's name, reach few statements, the one it reports among them); past it, the
/// claim's products are only added up, for bounds, and the survivors scored at the end.
const SCORE_AT_ONCE: usize = 1024;

/// Meetings of at most this many statements are searched by scoring every statement reached
/// (the records of an archive are meetings of tens of statements): reading each of a claim's
/// words' postings whole then costs less than the bounds that avoid it, and the index need
/// not hold what the bounds read.
pub(super) const SCORE_ALL_UP_TO: usize = 512;

/// A query's words in the order they are read, rarest first, with what the words from each
/// place on can add to a statement's cosine at most.
struct Plan<'a> {
    /// What the index's bounds read, and the query's place table (see `Query::place`): asked
    /// for once per query, not once per statement.
    bounds: &'a Bounds,
    place: &'a [u8],
    /// (word, the query's weight of it), rarest first.
    words: Vec<(u32, f64)>,
    /// `left[k]`: the most the words from the k-th on add to a statement's cosine; 0 at the end.
    left: Vec<f64>,
    /// Bounds by slot for all the words.
    all: SlotBounds,
}

/// What some of a query's words can add to a statement's cosine, bounded from the statement's
/// shares by slot (see [`Bounds::shares`](super::index::Bounds::shares)), in whole numbers: a
/// bound is then one sum of 64 products of 16-bit numbers, which the compiler vectorises, where
/// a sum of floats over the query's slots cost a dependent addition per slot.
#[derive(Clone)]
struct SlotBounds {
    /// Per slot, the sum of its words' units: a word's weight in the query over the query's
    /// norm, times `scale`, rounded up (each word's rounded on its own, so that taking a word
    /// out leaves exactly the sum of the others).
    units: [i16; SLOTS],
    /// Units per 1 of weight over norm: as many as keep every slot's sum within an `i16`.
    scale: f64,
    /// What one unit times one step of share is worth in cosine, `1 / (scale × STEPS)`; infinite
    /// for a query too long for its slots' sums to fit (none is then ruled out).
    worth: f64,
}

/// The most units a slot's words' weights add up to before their rounding: half an `i16`, so
/// that the rounding, at most one unit per word, keeps the sum within one.
const SLOT_UNITS: f64 = 16384.0;

impl SlotBounds {
    fn of(words: &[(u32, f64)], query_norm: f64) -> SlotBounds {
        let mut sums = [0.0f64; SLOTS];
        for &(id, qw) in words {
            sums[word_slot(id)] += qw / query_norm;
        }
        let largest = sums.iter().copied().fold(1.0, f64::max);
        let mut bounds = SlotBounds {
            units: [0; SLOTS],
            scale: (SLOT_UNITS / largest).floor(),
            worth: f64::INFINITY,
        };
        // Each word rounds its slot's sum up by at most one unit.
        if words.len() >= i16::MAX as usize - SLOT_UNITS as usize {
            return bounds;
        }
        bounds.worth = 1.0 / (bounds.scale * STEPS);
        for &(id, qw) in words {
            bounds.units[word_slot(id)] += bounds.units_of(qw, query_norm);
        }
        bounds
    }

    /// A word's units, rounded up: one over the floor, so that they are above the weight even
    /// when its product with the scale was rounded down.
    fn units_of(&self, qw: f64, query_norm: f64) -> i16 {
        (qw / query_norm * self.scale) as i16 + 1
    }

    /// Takes one of the words out.
    fn remove(&mut self, id: u32, qw: f64, query_norm: f64) {
        if self.worth.is_finite() {
            self.units[word_slot(id)] -= self.units_of(qw, query_norm);
        }
    }

    /// The most the words add to statement `i`'s cosine.
    fn bound(&self, b: &Bounds, i: usize) -> f64 {
        if !self.worth.is_finite() {
            return f64::INFINITY;
        }
        let dot: i32 = b.shares[i]
            .iter()
            .zip(&self.units)
            .map(|(&steps, &units)| i32::from(steps) * i32::from(units))
            .sum();
        f64::from(dot) * self.worth
    }
}

impl MeetingIndex {
    fn plan<'a>(&'a self, q: &'a Query) -> Plan<'a> {
        let mut words: Vec<(u32, f64)> = q.terms.clone();
        words.sort_by(|a, b| {
            self.df[a.0 as usize]
                .cmp(&self.df[b.0 as usize])
                .then(a.0.cmp(&b.0))
        });
        let b = self.bounds();
        let mut left = vec![0.0; words.len() + 1];
        let (mut sum, mut squares) = (0.0, 0.0);
        for k in (0..words.len()).rev() {
            let (id, qw) = words[k];
            // Each word at its most, or (the words being at least as common as this one)
            // the claim's norm of them times the most a statement has of such words.
            sum += qw * b.max_share[id as usize];
            squares += qw * qw;
            let common = squares.sqrt() * b.mass[df_band(self.df[id as usize])];
            left[k] = sum.min(common) / q.norm;
        }
        let all = SlotBounds::of(&words, q.norm);
        Plan {
            bounds: b,
            place: q.place(self.df.len()),
            words,
            left,
            all,
        }
    }

    /// What the slots bound statement `i`'s score by, for the tests.
    #[cfg(test)]
    pub(super) fn slot_bound(&self, q: &Query, i: usize) -> f64 {
        let plan = self.plan(q);
        plan.all.bound(plan.bounds, i)
    }

    /// Scores statement `i` and offers it to `best`, unless its shares by slot show it cannot
    /// reach the best score.
    fn offer_statement(&self, q: &Query, plan: &Plan, i: usize, best: &mut Best) {
        if below(plan.all.bound(plan.bounds, i), best.score()) {
            return;
        }
        if let Some(score) = self.score_in_place(q, plan.place, i) {
            best.offer(i, score);
        }
    }

    /// The statement the query matches best and its score: what the highest of
    /// [`MeetingIndex::scores`] is, ties broken by `ties`; `None` when no statement shares a word
    /// with the query.
    pub fn best(&self, q: &Query, ties: Ties) -> Option<(usize, f64)> {
        if self.statements.len() <= SCORE_ALL_UP_TO {
            self.best_of_all(q, ties)
        } else {
            self.best_scoring_at_once(q, ties, SCORE_AT_ONCE)
        }
    }

    /// [`MeetingIndex::best`] by scoring every statement that shares a word with the query: its
    /// products summed from the postings of the query's words in the query's order, the order
    /// [`MeetingIndex::scores`] sums them in, so each sum is the same to the last bit.
    pub(super) fn best_of_all(&self, q: &Query, ties: Ties) -> Option<(usize, f64)> {
        if q.terms.is_empty() || q.norm == 0.0 {
            return None;
        }
        let n = self.statements.len();
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            s.reset(n);
            s.whole = n;
            let acc = &mut s.acc[..n];
            for &(id, qw) in &q.terms {
                for &(i, sw) in self.postings.of(id) {
                    acc[i as usize] += qw * sw;
                }
            }
            // Every statement read back (and its entry cleared), not only those reached: in a
            // meeting this small, a list of the statements reached cost a test per posting,
            // more than reading them all once. The best is the same in any order of offers.
            let mut best = Best { ties, top: None };
            for (i, slot) in acc.iter_mut().enumerate() {
                let dot = std::mem::take(slot);
                if dot != 0.0 {
                    best.offer(i, self.cosine(q, i, dot));
                }
            }
            s.whole = 0;
            best.top
        })
    }

    /// [`MeetingIndex::best`], scoring the statements reached at once while they are fewer than
    /// `at_once` (the tests take both ways everywhere).
    pub(super) fn best_scoring_at_once(
        &self,
        q: &Query,
        ties: Ties,
        at_once: usize,
    ) -> Option<(usize, f64)> {
        if q.terms.is_empty() || q.norm == 0.0 {
            return None;
        }
        let plan = self.plan(q);
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            s.reset(self.statements.len());
            let mut best = Best { ties, top: None };
            let Some((read, unread)) = self.read_words(q, &plan, at_once, &mut s, &mut best) else {
                // Every statement reached was scored or ruled out at once.
                return best.top;
            };
            // A statement reached only by words added up has at most its partial cosine plus
            // what the words left could add (all of them, then those its slots allow); one not
            // reached cannot reach the best.
            let left = plan.left[read];
            let Scratch { acc, touched, .. } = &*s;
            for &i in touched {
                let i = i as usize;
                if acc[i] < 0.0 {
                    continue;
                }
                let partial = acc[i] * self.inv_norms[i] / q.norm;
                if below(partial + left, best.score())
                    || below(partial + unread.bound(plan.bounds, i), best.score())
                {
                    continue;
                }
                if let Some(score) = self.score_in_place(q, plan.place, i) {
                    best.offer(i, score);
                }
            }
            best.top
        })
    }

    /// Reads the query's words in the plan's order until the words left could not lift a
    /// statement they have not reached to the best score found; returns how many were read, and
    /// the bounds by slot of those not read, when products were added up (`None` when every
    /// statement reached was scored or ruled out at once).
    /// Statements reached while few are scored at once (their entry in `acc` set to -1); later
    /// ones get the sum of their products so far, and the one with the highest partial cosine
    /// after each word is scored.
    fn read_words(
        &self,
        q: &Query,
        plan: &Plan,
        at_once: usize,
        s: &mut Scratch,
        best: &mut Best,
    ) -> Option<(usize, SlotBounds)> {
        let mut lead: Option<usize> = None;
        let mut lead_partial = 0.0;
        // Once products are added up, every later word must be added too: a partial sum
        // missing a word read would bound its statement too low.
        let mut adding = false;
        // What the words after the one being read can add, by slot.
        let mut later = plan.all.clone();
        for (k, &(id, qw)) in plan.words.iter().enumerate() {
            if best.top.is_some() && below(plan.left[k], best.score()) {
                return adding.then_some((k, later));
            }
            let postings = self.postings.of(id);
            later.remove(id, qw, q.norm);
            adding = adding || s.touched.len() + postings.len() > at_once;
            if !adding {
                // Most likely first: the best score found early rules out the statements whose
                // shares show they cannot reach it, unscored.
                // A statement this word reaches first has none of the words read before: it
                // gets this word's product and at most what the later words' slots allow.
                s.reached.clear();
                // The likeliest (the first of the highest bounds) goes first, the others after
                // it in any order (the best is the same in any order of offers): a sort cost
                // more than it saved.
                let mut likeliest = f64::NEG_INFINITY;
                let share = qw / q.norm;
                for &(i, sw) in postings {
                    let slot = &mut s.acc[i as usize];
                    if *slot == 0.0 {
                        *slot = -1.0;
                        s.touched.push(i);
                        let own = share * sw * self.inv_norms[i as usize];
                        let bound = own + later.bound(plan.bounds, i as usize);
                        s.reached.push((bound, i));
                        if bound > likeliest {
                            likeliest = bound;
                            let last = s.reached.len() - 1;
                            s.reached.swap(0, last);
                        }
                    }
                }
                for &(bound, i) in &s.reached {
                    if below(bound, best.score()) {
                        continue;
                    }
                    if let Some(score) = self.score_in_place(q, plan.place, i as usize) {
                        best.offer(i as usize, score);
                    }
                }
                continue;
            }
            let before = lead;
            for &(i, sw) in postings {
                let slot = &mut s.acc[i as usize];
                if *slot < 0.0 {
                    continue;
                }
                if *slot == 0.0 {
                    s.touched.push(i);
                }
                *slot += qw * sw;
                let partial = *slot * self.inv_norms[i as usize];
                if partial > lead_partial {
                    lead_partial = partial;
                    lead = Some(i as usize);
                }
            }
            if let Some(i) = lead.filter(|&i| Some(i) != before) {
                self.offer_statement(q, plan, i, best);
            }
        }
        adding.then_some((plan.words.len(), later))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::tests::Lcg;

    /// Random words (number, weight) from a small generator.
    fn words(count: usize, seed: u64) -> Vec<(u32, f64)> {
        let mut rng = Lcg(seed);
        (0..count)
            .map(|k| {
                let id = k as u32 * 7 + rng.below(16) as u32;
                (id, 0.1 + rng.below(9000) as f64 / 1000.0)
            })
            .collect()
    }

    fn norm(words: &[(u32, f64)]) -> f64 {
        words.iter().map(|w| w.1 * w.1).sum::<f64>().sqrt()
    }

    #[test]
    fn slot_units_are_above_the_weights_and_taking_words_out_leaves_the_others_sum() {
        for (count, seed) in [(1, 1), (12, 2), (64, 3), (300, 4), (2000, 5)] {
            let words = words(count, seed);
            let n = norm(&words);
            let mut bounds = SlotBounds::of(&words, n);
            assert!(bounds.worth.is_finite(), "{count}");
            let mut sums = [0.0f64; SLOTS];
            for &(id, qw) in &words {
                sums[word_slot(id)] += qw / n;
            }
            for (k, (&units, &sum)) in bounds.units.iter().zip(&sums).enumerate() {
                assert!(f64::from(units) >= sum * bounds.scale, "{count} {k}");
            }
            // Taken out one by one, the words leave exactly the units of those left.
            for (taken, &(id, qw)) in words.iter().enumerate() {
                bounds.remove(id, qw, n);
                let mut left = [0i16; SLOTS];
                for &(id, qw) in &words[taken + 1..] {
                    left[word_slot(id)] += bounds.units_of(qw, n);
                }
                assert_eq!(bounds.units, left, "{count}: {taken} taken");
            }
            assert_eq!(bounds.units, [0; SLOTS]);
        }
    }

    #[test]
    fn a_query_too_long_for_its_slots_sums_rules_nothing_out() {
        let words = words(20_000, 6);
        let bounds = SlotBounds::of(&words, norm(&words));
        assert!(!bounds.worth.is_finite());
        let b = Bounds {
            max_share: Vec::new(),
            shares: vec![[0; SLOTS]],
            mass: Vec::new(),
        };
        assert_eq!(bounds.bound(&b, 0), f64::INFINITY);
    }
}
