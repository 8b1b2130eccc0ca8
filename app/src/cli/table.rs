//! Plain-text tables for the terminal, safe against hostile strings.
//!
//! Every cell is passed through [`terminal_safe`]: strings that came from AWS or a file may hold
//! escape sequences or control characters, which are shown escaped and never sent raw to a
//! terminal.

use std::fmt::Write as _;

/// Escapes control characters (ANSI escapes, newlines, bells) and the invisible format
/// characters that reorder or hide text (bidirectional overrides and isolates, marks, zero-width
/// characters: the "Trojan Source" ones), so a cell prints as one line of what it really holds.
pub fn terminal_safe(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if needs_escape(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Control characters, and format characters that change how the text around them shows.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'            // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width space / joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, isolates (LRI..PDI)
            | '\u{FEFF}' // zero-width no-break space
        )
}

/// Renders `rows` under `headers`, columns padded to their widest cell.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| terminal_safe(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let line = |text: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut fields = Vec::new();
        for (cell, width) in cells.zip(&widths) {
            fields.push(format!("{cell:<width$}"));
        }
        let _ = writeln!(text, "{}", fields.join("  ").trim_end());
    };
    line(&mut text, &mut headers.iter().copied());
    line(
        &mut text,
        &mut widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    for row in &rows {
        line(&mut text, &mut row.iter().map(String::as_str));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_not_printed() {
        assert_eq!(
            terminal_safe("web\u{1b}[31m\nprod"),
            "web\\u{1b}[31m\\nprod"
        );
        assert_eq!(terminal_safe("<b>plain</b>"), "<b>plain</b>");
    }

    #[test]
    fn bidirectional_overrides_and_invisible_characters_are_escaped_trojan_source() {
        // "admin" shown reversed by a right-to-left override, and isolates around a name.
        assert_eq!(
            terminal_safe("vpc-\u{202E}nimda\u{202C}"),
            "vpc-\\u{202e}nimda\\u{202c}"
        );
        for c in [
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{200B}',
        ] {
            let shown = terminal_safe(&format!("a{c}b"));
            assert!(
                !shown.contains(c) && shown.contains("\\u{"),
                "{c:?}: {shown}"
            );
        }
        assert_eq!(terminal_safe("Zürich 東京"), "Zürich 東京");
    }

    #[test]
    fn columns_are_aligned() {
        let text = render(
            &["id", "name"],
            &[
                vec!["1".into(), "alpha".into()],
                vec!["22".into(), "b".into()],
            ],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id  name");
        assert_eq!(lines[2], "1   alpha");
        assert_eq!(lines[3], "22  b");
    }
}
