//! A small page flow for the PDF report: headings, wrapped paragraphs, bullet lists, tables
//! whose header repeats on each page, and figures (the SVG the HTML report inlines), laid out
//! top to bottom onto pages of a chosen paper size and written with krilla. Text is real text
//! in the shipped DejaVu Sans (selectable, searchable, subset into the file); the diagrams go
//! through usvg and krilla-svg with the same fonts, so their labels are text too. Layout and
//! writing are two passes: [`Flow`] measures and places everything as [`Op`]s per page, and
//! [`Flow::finish`] draws them, so page numbers ("page 3 of 9") and the outline know the page
//! count.

use krilla::Document;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla_svg::{SurfaceExt, SvgSettings};

pub use super::faces::Fonts;

pub use super::paper::Paper;

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// Body text.
pub const INK: Rgb = [28, 32, 38];
/// Secondary text: provenance, sources, notes.
pub const MUTED: Rgb = [90, 99, 112];
/// Something to decide on.
pub const DECISION: Rgb = [168, 102, 0];
/// Table rules.
const RULE: Rgb = [201, 207, 216];
/// A table header's background.
const HEADER_FILL: Rgb = [238, 241, 245];
/// The recommended candidate's row.
pub const RECOMMENDED_FILL: Rgb = [231, 244, 236];

/// Regular or bold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// How a run of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    /// Size, points.
    pub size_pt: f32,
    /// Regular or bold.
    pub weight: Weight,
    /// Colour.
    pub color: Rgb,
}

impl Style {
    /// Body text: 9.5 pt regular ink.
    pub const BODY: Style = Style {
        size_pt: 9.5,
        weight: Weight::Regular,
        color: INK,
    };

    /// This style in `color`.
    pub const fn colored(self, color: Rgb) -> Style {
        Style { color, ..self }
    }

    /// This style, bold.
    pub const fn bold(self) -> Style {
        Style {
            weight: Weight::Bold,
            ..self
        }
    }

    /// This style at `size_pt`.
    pub const fn sized(self, size_pt: f32) -> Style {
        Style { size_pt, ..self }
    }

    fn line_height(self) -> f32 {
        self.size_pt * 1.32
    }
}

/// `text` fit for a PDF line: control characters (which the font has no glyphs for and which
/// could end a line early) become spaces.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Something drawn on a page, in points from the page's top left.
#[derive(Debug)]
enum Op {
    /// A line of text, `y` its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
    },
    /// A filled rectangle.
    Fill { rect: [f32; 4], color: Rgb },
    /// A straight rule.
    Rule {
        from: [f32; 2],
        to: [f32; 2],
        color: Rgb,
    },
    /// A diagram, scaled into `rect`.
    Svg { rect: [f32; 4], tree: usize },
}

/// A clickable area that jumps to an anchor.
struct Link {
    page: usize,
    rect: [f32; 4],
    anchor: usize,
}

/// A place in the document an outline entry or a link jumps to.
#[derive(Clone, Copy)]
struct Anchor {
    page: usize,
    y: f32,
}

/// An entry of the document outline (the bookmarks a viewer lists).
struct OutlineEntry {
    title: String,
    anchor: usize,
    children: Vec<OutlineEntry>,
}

/// How a table column is sized and aligned.
#[derive(Clone, Copy, Debug)]
pub struct Column<'a> {
    /// Header text.
    pub header: &'a str,
    /// Share of the table's width (the shares need not add to 1).
    pub share: f32,
    /// Right-aligned (numbers).
    pub numeric: bool,
}

/// A table row: its cells and how it looks.
#[derive(Clone, Debug)]
pub struct Row {
    /// One text per column.
    pub cells: Vec<String>,
    /// Text style.
    pub style: Style,
    /// A background, for the recommended row.
    pub fill: Option<Rgb>,
}

/// Page margins, points.
const MARGIN: f32 = 48.0;
/// Room kept at the bottom for the page number.
const FOOTER: f32 = 22.0;
/// Padding inside a table cell.
const CELL_PAD: f32 = 3.0;

/// The page flow: a cursor going down pages, and what was placed on each.
pub struct Flow<'f> {
    fonts: &'f Fonts,
    paper: (f32, f32),
    pages: Vec<Vec<Op>>,
    y: f32,
    trees: Vec<&'f usvg::Tree>,
    anchors: Vec<Anchor>,
    links: Vec<Link>,
    outline: Vec<OutlineEntry>,
}

impl<'f> Flow<'f> {
    /// An empty document of `paper` pages.
    pub fn new(fonts: &'f Fonts, paper: Paper) -> Flow<'f> {
        Flow {
            fonts,
            paper: paper.size_pt(),
            pages: vec![Vec::new()],
            y: MARGIN,
            trees: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
            outline: Vec::new(),
        }
    }

    /// The width text and figures may take.
    pub fn content_width(&self) -> f32 {
        self.paper.0 - 2.0 * MARGIN
    }

    fn bottom(&self) -> f32 {
        self.paper.1 - MARGIN - FOOTER
    }

    fn page(&self) -> usize {
        self.pages.len() - 1
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn new_page(&mut self) {
        if self.pages.last().is_some_and(|page| !page.is_empty()) {
            self.pages.push(Vec::new());
        }
        self.y = MARGIN;
    }

    /// Makes room for `height` points, on a new page when this one has less left.
    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.new_page();
        }
    }

    /// Leaves `height` points empty (nothing at a page's top).
    pub fn space(&mut self, height: f32) {
        if self.y > MARGIN {
            self.y = (self.y + height).min(self.bottom());
        }
    }

    /// An anchor at the cursor, for links and the outline.
    pub fn anchor(&mut self) -> usize {
        let anchor = self.reserve_anchor();
        self.place_anchor(anchor);
        anchor
    }

    /// An anchor placed later ([`Flow::place_anchor`]): links can point forward to it.
    pub fn reserve_anchor(&mut self) -> usize {
        self.anchors.push(Anchor { page: 0, y: MARGIN });
        self.anchors.len() - 1
    }

    /// Places a reserved anchor at the cursor.
    pub fn place_anchor(&mut self, anchor: usize) {
        let here = Anchor {
            page: self.page(),
            y: self.y,
        };
        if let Some(slot) = self.anchors.get_mut(anchor) {
            *slot = here;
        }
    }

    /// Adds a top-level outline entry jumping to `anchor`; returns its index for children.
    pub fn outline(&mut self, title: &str, anchor: usize) -> usize {
        self.outline.push(OutlineEntry {
            title: printable(title),
            anchor,
            children: Vec::new(),
        });
        self.outline.len() - 1
    }

    /// Adds an outline entry under the top-level entry `parent`.
    pub fn outline_child(&mut self, parent: usize, title: &str, anchor: usize) {
        if let Some(entry) = self.outline.get_mut(parent) {
            entry.children.push(OutlineEntry {
                title: printable(title),
                anchor,
                children: Vec::new(),
            });
        }
    }

    /// `text` broken into lines no wider than `width` in `style`: at spaces, and inside words
    /// too long for a line.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let text = printable(text);
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.fonts.width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it reaches the edge.
            for c in word.chars() {
                line.push(c);
                if self.fonts.width(&line, style) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Writes `lines` at `x` from the cursor down, breaking pages between lines.
    fn lines_at(&mut self, x: f32, lines: Vec<String>, style: Style) {
        for line in lines {
            self.ensure(style.line_height());
            let baseline = self.y + style.size_pt * 0.95;
            self.push(Op::Text {
                x,
                y: baseline,
                text: line,
                style,
            });
            self.y += style.line_height();
        }
    }

    /// A heading: `level` 1 (the title), 2 (a section) or 3 (a part), kept with the next
    /// lines. Returns its anchor.
    pub fn heading(&mut self, text: &str, level: u8) -> usize {
        let style = match level {
            1 => Style::BODY.bold().sized(20.0),
            2 => Style::BODY.bold().sized(14.0),
            _ => Style::BODY.bold().sized(11.0),
        };
        self.space(style.size_pt * 0.8);
        self.ensure(style.line_height() * 2.0 + 4.0 * Style::BODY.line_height());
        let anchor = self.anchor();
        let lines = self.wrap(text, style, self.content_width());
        self.lines_at(MARGIN, lines, style);
        if level == 2 {
            let y = self.y + 1.0;
            self.push(Op::Rule {
                from: [MARGIN, y],
                to: [MARGIN + self.content_width(), y],
                color: RULE,
            });
            self.y += 4.0;
        }
        self.y += 2.0;
        anchor
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        let lines = self.wrap(text, style, self.content_width());
        self.lines_at(MARGIN, lines, style);
        self.y += style.size_pt * 0.45;
    }

    /// A paragraph that jumps to `anchor` when clicked (the summary's lines).
    pub fn linked_paragraph(&mut self, text: &str, style: Style, anchor: usize) {
        self.ensure(style.line_height());
        let (page, top) = (self.page(), self.y);
        self.bullet(text, style);
        // Only the lines on the first page link; a summary line rarely breaks across pages.
        let bottom = if self.page() == page {
            self.y
        } else {
            self.bottom()
        };
        self.links.push(Link {
            page,
            rect: [MARGIN, top, self.content_width(), bottom - top],
            anchor,
        });
    }

    /// A bullet list item, its lines hanging under the text.
    pub fn bullet(&mut self, text: &str, style: Style) {
        let indent = style.size_pt * 1.2;
        let lines = self.wrap(text, style, self.content_width() - indent);
        self.ensure(style.line_height());
        self.push(Op::Text {
            x: MARGIN + indent * 0.25,
            y: self.y + style.size_pt * 0.95,
            text: "•".to_owned(),
            style,
        });
        self.lines_at(MARGIN + indent, lines, style);
        self.y += style.size_pt * 0.2;
    }

    /// A table: the header repeated at the top of each page it runs onto, each cell wrapped
    /// in its column, ruled between rows.
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[Row], header_style: Style) {
        let header = Row {
            cells: columns.iter().map(|c| c.header.to_owned()).collect(),
            style: header_style,
            fill: Some(HEADER_FILL),
        };
        let widths = self.column_widths(columns, rows, &header);
        self.space(4.0);
        let header_height = self.row_height(&header, &widths);
        let first_height = rows
            .first()
            .map_or(0.0, |row| self.row_height(row, &widths));
        self.ensure(header_height + first_height);
        self.row(&header, columns, &widths);
        for row in rows {
            let height = self.row_height(row, &widths);
            if self.y + height > self.bottom() {
                self.new_page();
                self.row(&header, columns, &widths);
            }
            self.row(row, columns, &widths);
        }
        self.y += 6.0;
    }

    /// Each column's width: its share of the table's, but never narrower than its longest
    /// word (capped at a third of the table), the widths over their share giving back the
    /// difference from the others in proportion.
    fn column_widths(&self, columns: &[Column<'_>], rows: &[Row], header: &Row) -> Vec<f32> {
        let total = self.content_width();
        let total_share: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let minimums: Vec<f32> = (0..columns.len())
            .map(|index| {
                std::iter::once(header)
                    .chain(rows)
                    .filter_map(|row| Some((row.cells.get(index)?, row.style)))
                    .flat_map(|(cell, style)| {
                        cell.split_whitespace()
                            .map(move |word| self.fonts.width(word, style))
                    })
                    .fold(0.0, f32::max)
                    .min(total / 3.0)
                    + 2.0 * CELL_PAD
            })
            .collect();
        let mut widths: Vec<f32> = columns
            .iter()
            .zip(&minimums)
            .map(|(column, minimum)| (column.share / total_share * total).max(*minimum))
            .collect();
        let excess = widths.iter().sum::<f32>() - total;
        let slack: f32 = widths.iter().zip(&minimums).map(|(w, m)| w - m).sum();
        if excess > 0.0 && slack > 0.0 {
            let keep = (1.0 - excess / slack).max(0.0);
            for (width, minimum) in widths.iter_mut().zip(&minimums) {
                *width = minimum + (*width - minimum) * keep;
            }
        }
        widths
    }

    fn row_height(&self, row: &Row, widths: &[f32]) -> f32 {
        let lines = row
            .cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| self.wrap(cell, row.style, width - 2.0 * CELL_PAD).len())
            .max()
            .unwrap_or(1);
        lines as f32 * row.style.line_height() + 2.0 * CELL_PAD
    }

    fn row(&mut self, row: &Row, columns: &[Column<'_>], widths: &[f32]) {
        let height = self.row_height(row, widths);
        let top = self.y;
        let width = self.content_width();
        if let Some(color) = row.fill {
            self.push(Op::Fill {
                rect: [MARGIN, top, width, height],
                color,
            });
        }
        let mut x = MARGIN;
        for ((cell, column), cell_width) in row.cells.iter().zip(columns).zip(widths) {
            let lines = self.wrap(cell, row.style, cell_width - 2.0 * CELL_PAD);
            for (index, line) in lines.into_iter().enumerate() {
                let line_x = if column.numeric {
                    x + cell_width - CELL_PAD - self.fonts.width(&line, row.style)
                } else {
                    x + CELL_PAD
                };
                self.push(Op::Text {
                    x: line_x,
                    y: top
                        + CELL_PAD
                        + index as f32 * row.style.line_height()
                        + row.style.size_pt * 0.95,
                    text: line,
                    style: row.style,
                });
            }
            x += cell_width;
        }
        self.push(Op::Rule {
            from: [MARGIN, top + height],
            to: [MARGIN + width, top + height],
            color: RULE,
        });
        if row.fill == Some(HEADER_FILL) {
            self.push(Op::Rule {
                from: [MARGIN, top],
                to: [MARGIN + width, top],
                color: RULE,
            });
        }
        self.y = top + height;
    }

    /// A figure: a diagram read by [`Fonts::read_svg`], scaled to the page's width (or
    /// shorter, to fit a page), its caption above it. A diagram that could not be read is left
    /// out with a line saying so.
    pub fn figure(&mut self, caption: &str, diagram: &'f Result<usvg::Tree, String>) {
        let caption_style = Style::BODY.sized(8.5).colored(MUTED);
        let tree = match diagram {
            Ok(tree) => tree,
            Err(error) => {
                self.paragraph(
                    &format!("{caption}: the diagram could not be drawn ({error})"),
                    caption_style,
                );
                return;
            }
        };
        let size = tree.size();
        let caption_height = caption_style.line_height() * 2.0 + 2.0;
        let full_height = self.bottom() - MARGIN - caption_height;
        let scale = (self.content_width() / size.width()).min(full_height / size.height());
        let (width, height) = (size.width() * scale, size.height() * scale);
        self.space(4.0);
        self.ensure(caption_height + height);
        self.paragraph(caption, caption_style);
        self.trees.push(tree);
        self.push(Op::Svg {
            rect: [MARGIN, self.y, width, height],
            tree: self.trees.len() - 1,
        });
        self.y += height + 8.0;
    }

    /// Draws every page and writes the PDF, with `title` in its metadata and `producer` (Edge
    /// Atlas and its version) as its producer.
    pub fn finish(self, title: &str, producer: &str) -> Result<Vec<u8>, String> {
        let mut document = Document::new();
        let page_count = self.pages.len();
        let (width, height) = self.paper;
        let footer_style = Style::BODY.sized(7.5).colored(MUTED);
        for (index, ops) in self.pages.iter().enumerate() {
            let settings = PageSettings::from_wh(width, height).ok_or("bad paper size")?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                self.draw(&mut surface, op);
            }
            let footer = format!("{title} · page {} of {page_count}", index + 1);
            let footer_x = width - MARGIN - self.fonts.width(&footer, footer_style);
            self.draw(
                &mut surface,
                &Op::Text {
                    x: footer_x,
                    y: height - MARGIN + 6.0,
                    text: footer,
                    style: footer_style,
                },
            );
            surface.finish();
            for link in self.links.iter().filter(|link| link.page == index) {
                let [x, y, w, h] = link.rect;
                let (Some(rect), Some(target)) = (
                    Rect::from_xywh(x, y, w, h.max(1.0)),
                    self.anchors.get(link.anchor),
                ) else {
                    continue;
                };
                let destination =
                    XyzDestination::new(target.page, Point::from_xy(MARGIN, target.y));
                page.add_annotation(Annotation::new_link(
                    LinkAnnotation::new(rect, Target::Destination(Destination::Xyz(destination))),
                    None,
                ));
            }
            page.finish();
        }
        let mut outline = Outline::new();
        for entry in &self.outline {
            if let Some(node) = self.outline_node(entry) {
                outline.push_child(node);
            }
        }
        document.set_outline(outline);
        document.set_metadata(
            Metadata::new()
                .title(printable(title))
                .creator(producer.to_owned())
                .producer(producer.to_owned()),
        );
        document
            .finish()
            .map_err(|error| format!("cannot write the PDF: {error:?}"))
    }

    fn outline_node(&self, entry: &OutlineEntry) -> Option<OutlineNode> {
        let anchor = self.anchors.get(entry.anchor)?;
        let mut node = OutlineNode::new(
            entry.title.clone(),
            XyzDestination::new(anchor.page, Point::from_xy(MARGIN, anchor.y)),
        );
        for child in &entry.children {
            if let Some(child) = self.outline_node(child) {
                node.push_child(child);
            }
        }
        Some(node.with_open(true))
    }

    fn draw(&self, surface: &mut Surface<'_>, op: &Op) {
        let fill = |color: Rgb| Fill {
            paint: rgb::Color::new(color[0], color[1], color[2]).into(),
            ..Fill::default()
        };
        match op {
            Op::Text { x, y, text, style } => {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(style.color)));
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    self.fonts.face(style.weight).font.clone(),
                    style.size_pt,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Op::Fill {
                rect: [x, y, w, h],
                color,
            } => {
                let mut builder = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                    builder.push_rect(rect);
                }
                if let Some(path) = builder.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(*color)));
                    surface.draw_path(&path);
                }
            }
            Op::Rule { from, to, color } => {
                let mut builder = PathBuilder::new();
                builder.move_to(from[0], from[1]);
                builder.line_to(to[0], to[1]);
                if let Some(path) = builder.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(color[0], color[1], color[2]).into(),
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                }
            }
            Op::Svg {
                rect: [x, y, w, h],
                tree,
            } => {
                let (Some(tree), Some(size)) = (self.trees.get(*tree), Size::from_wh(*w, *h))
                else {
                    return;
                };
                surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                surface.draw_svg(tree, size, SvgSettings::default());
                surface.pop();
            }
        }
    }
}
