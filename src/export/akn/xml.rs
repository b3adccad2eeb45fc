//! A thin layer over quick-xml's writer for the Akoma Ntoso export: elements with attributes,
//! escaped text with the characters XML 1.0 cannot carry replaced, and splicing a part written
//! apart (the body is written before the references it collects).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

pub(super) struct Xml {
    w: Writer<Vec<u8>>,
}

/// The text as XML 1.0 can carry it: control characters other than tab, line feed and carriage
/// return (and U+FFFE, U+FFFF) become a space when they are white space, U+FFFD otherwise.
pub(super) fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if s.chars().all(allowed) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            c if allowed(c) => c,
            c if c.is_whitespace() => ' ',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

impl Xml {
    pub(super) fn new() -> Xml {
        Xml {
            w: Writer::new(Vec::new()),
        }
    }

    /// Writing to memory cannot fail; the writer's `io::Result` is only its signature.
    fn put(&mut self, event: Event<'_>) {
        self.w
            .write_event(event)
            .expect("writing XML to memory cannot fail");
    }

    pub(super) fn declaration(&mut self) {
        self.put(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        self.newline();
    }

    fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, sanitize(v).as_ref()));
        }
        start
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.put(Event::Start(Self::start(name, attrs)));
    }

    pub(super) fn close(&mut self, name: &str) {
        self.put(Event::End(BytesEnd::new(name)));
    }

    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.put(Event::Empty(Self::start(name, attrs)));
    }

    /// Character data, escaped.
    pub(super) fn text(&mut self, s: &str) {
        if !s.is_empty() {
            self.put(Event::Text(BytesText::new(&sanitize(s))));
        }
    }

    /// A line break between block elements (white space the schema allows there).
    pub(super) fn newline(&mut self) {
        self.put(Event::Text(BytesText::new("\n")));
    }

    /// Appends a part written by another `Xml`.
    pub(super) fn splice(&mut self, part: Xml) {
        self.w.get_mut().extend_from_slice(&part.w.into_inner());
    }

    pub(super) fn finish(self) -> String {
        // Only `&str`s went in, so the bytes are UTF-8.
        String::from_utf8(self.w.into_inner()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_sanitized() {
        let mut x = Xml::new();
        x.open("p", &[("class", "a\"<b>")]);
        x.text("Fish & Chips <b> \u{1}\u{c}end");
        x.close("p");
        assert_eq!(
            x.finish(),
            "<p class=\"a&quot;&lt;b&gt;\">Fish &amp; Chips &lt;b&gt; \u{FFFD} end</p>"
        );
    }
}
