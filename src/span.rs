//! Byte spans into a record's text: the one coordinate system of the pure core.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// Whether `offset` lies inside the span; the end is included so that a cursor placed just
    /// after a word still counts as on it.
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn contains_span(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }

    /// The span shifted by `delta` bytes (used when a span was found in a slice of the text).
    pub fn shift(&self, delta: usize) -> Span {
        Span::new(self.start + delta, self.end + delta)
    }

    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}
