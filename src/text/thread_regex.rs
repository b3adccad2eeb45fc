//! Regexes compiled once and searched from every thread of a parallel run, each thread through
//! its own clone, so that no search waits on another thread's cache.
//!
//! A `regex::Regex` keeps its search caches in a pool that one thread, the first to search,
//! reaches directly; every other thread takes a cache from a mutex-guarded stack and puts it back
//! after each search. On the two threads of a parallel `check`, half of the parse's searches
//! took that way (pool and mutex frames: about 1% of the run's samples). A clone shares the
//! compiled program and has a pool of its own, whose first searcher is its thread.

use std::ops::Deref;
use std::sync::LazyLock;

use regex::Regex;
use thread_local::ThreadLocal;

/// A regex built on first use, searched through a clone per thread. Dereferences to the calling
/// thread's clone, so it is used as a `Regex` is.
pub(crate) struct ThreadRegex {
    compiled: LazyLock<Regex>,
    per_thread: ThreadLocal<Regex>,
}

impl ThreadRegex {
    /// A regex that `build` compiles on first use (once, whichever thread asks first).
    pub(crate) const fn new(build: fn() -> Regex) -> ThreadRegex {
        ThreadRegex {
            compiled: LazyLock::new(build),
            per_thread: ThreadLocal::new(),
        }
    }
}

impl Deref for ThreadRegex {
    type Target = Regex;

    #[inline]
    fn deref(&self) -> &Regex {
        self.per_thread.get_or(|| self.compiled.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static WORD: ThreadRegex = ThreadRegex::new(|| Regex::new(r"\b[a-z]+\b").unwrap());

    /// Every thread finds what the compiled regex finds, through a clone of its own.
    #[test]
    fn each_thread_searches_its_own_clone_with_the_same_results() {
        let text = "two words, then 3 more words";
        let expected: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(expected, ["two", "words", "then", "more", "words"]);
        let here = &*WORD as *const Regex as usize;
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let found: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
                    assert_eq!(found, expected);
                    let there = &*WORD as *const Regex as usize;
                    assert_ne!(there, here, "another thread's clone");
                    assert_eq!(
                        there, &*WORD as *const Regex as usize,
                        "one clone per thread"
                    );
                });
            }
        });
    }
}
