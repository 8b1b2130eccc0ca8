//! XML text escaping, shared by every XML document the project writes (GraphML and SVG
//! exports, the test emulator's AWS responses).
//!
//! Strings come from AWS or a user and may hold markup or control characters. The five special
//! characters become entities; tab, newline and carriage return become character references (so
//! they survive in attribute values too); characters XML 1.0 cannot carry at all become U+FFFD,
//! so a document is always well-formed and a reader can see that something was replaced.

/// Appends `text` to `out`, escaped for XML content and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\n' => out.push_str("&#xA;"),
            '\t' => out.push_str("&#x9;"),
            ch if is_xml_char(ch) => out.push(ch),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// `text` escaped for XML (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Whether XML 1.0 allows the character in a document (the `Char` production).
fn is_xml_char(ch: char) -> bool {
    matches!(ch, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_whitespace_and_forbidden_characters() {
        assert_eq!(
            escape("<b>&\"'</b>\u{1}\n\t"),
            "&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;\u{FFFD}&#xA;&#x9;"
        );
        assert_eq!(escape("plain ü 東京"), "plain ü 東京");
    }
}
