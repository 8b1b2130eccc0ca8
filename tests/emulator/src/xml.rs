//! A small XML writer for the EC2 and STS query protocols.
//!
//! Every string served comes from a fixture estate, which may hold hostile text (tags with
//! markup, control characters). Text and attribute values are escaped here, once, with the
//! library's escaper ([`edge_atlas::xml`]), so a response is always well-formed.

use std::fmt::Write as _;

use edge_atlas::xml::escape_into;

/// Builds one XML document as a string.
#[derive(Default)]
pub struct Xml {
    out: String,
}

impl Xml {
    /// A document with the XML declaration AWS sends.
    pub fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        }
    }

    /// Opens `<tag>`.
    pub fn open(&mut self, tag: &str) -> &mut Xml {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// Opens `<tag xmlns="namespace">`.
    pub fn open_ns(&mut self, tag: &str, namespace: &str) -> &mut Xml {
        let _ = write!(self.out, "<{tag} xmlns=\"");
        escape_into(&mut self.out, namespace);
        self.out.push_str("\">");
        self
    }

    /// Closes `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Xml {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag>text</tag>`, text escaped.
    pub fn text(&mut self, tag: &str, text: &str) -> &mut Xml {
        self.open(tag);
        escape_into(&mut self.out, text);
        self.close(tag)
    }

    /// `<tag>text</tag>` when the value is present; nothing otherwise (AWS omits absent members).
    pub fn opt_text(&mut self, tag: &str, text: Option<&str>) -> &mut Xml {
        if let Some(text) = text {
            self.text(tag, text);
        }
        self
    }

    /// `<tag>number</tag>` for integers and longs.
    pub fn number(&mut self, tag: &str, value: impl std::fmt::Display) -> &mut Xml {
        let _ = write!(self.out, "<{tag}>{value}</{tag}>");
        self
    }

    /// `<tag>true|false</tag>`.
    pub fn boolean(&mut self, tag: &str, value: bool) -> &mut Xml {
        self.number(tag, value)
    }

    /// A list in the EC2 protocol: `<tag><item>…</item>…</tag>`, each item written by `write`.
    pub fn list<T>(
        &mut self,
        tag: &str,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Xml, T),
    ) -> &mut Xml {
        self.open(tag);
        for item in items {
            self.open("item");
            write(self, item);
            self.close("item");
        }
        self.close(tag)
    }

    /// A list of strings in the EC2 protocol: `<tag><item>text</item>…</tag>`.
    pub fn string_list<'a>(
        &mut self,
        tag: &str,
        items: impl IntoIterator<Item = &'a String>,
    ) -> &mut Xml {
        self.open(tag);
        for item in items {
            self.text("item", item);
        }
        self.close(tag)
    }

    /// The finished document.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_and_control_characters_replaced() {
        let mut xml = Xml::new();
        xml.text("value", "<b>&\"'</b>\u{1}\n");
        let doc = xml.finish();
        assert!(doc.ends_with("<value>&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;\u{FFFD}&#xA;</value>"));
    }

    #[test]
    fn lists_use_item_elements() {
        let mut xml = Xml::new();
        xml.string_list("set", &["a".to_owned(), "b".to_owned()]);
        assert!(
            xml.finish()
                .ends_with("<set><item>a</item><item>b</item></set>")
        );
    }
}
