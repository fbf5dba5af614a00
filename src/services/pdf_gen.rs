//! A tiny PDF 1.4 writer for demo publications: a title and paragraphs in
//! Helvetica on A4 pages with page numbers, and nothing else (no crates).
//!
//! Output context: PDF string literals. Every piece of text goes through
//! [`pdf_string`], which escapes `(`, `)` and `\` and writes anything
//! beyond ASCII as an octal escape of its WinAnsiEncoding code (`?` when
//! the font's encoding has no such character), so no text can end a string
//! or an operator early. Offsets in the cross-reference table are counted
//! as the bytes are written.

/// A4 in points.
const PAGE_WIDTH: u32 = 595;
const PAGE_HEIGHT: u32 = 842;
/// Left and right margin.
const MARGIN: u32 = 50;
/// Width of a line of text: about 90 characters of 11 pt Helvetica.
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;
/// Baseline of the first line on a page.
const TOP_Y: u32 = PAGE_HEIGHT - 72;
/// No baseline below this: the footer's band.
const BOTTOM_Y: u32 = 60;
/// Baseline of the page-number footer.
const FOOTER_Y: u32 = 30;
const TITLE_SIZE: u32 = 18;
const TITLE_LEADING: u32 = 22;
const BODY_SIZE: u32 = 11;
const BODY_LEADING: u32 = 14;
const FOOTER_SIZE: u32 = 9;
/// Most pages written, whatever is asked.
pub const MAX_PAGES: usize = 1000;

/// Widths of Helvetica's ASCII characters from space (32) to `~` (126),
/// in thousandths of the font size (Adobe's AFM metrics).
const HELVETICA_WIDTHS: [u32; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// WinAnsiEncoding's codes 0x80 to 0x9F that are not Latin-1 (the rest of
/// 0xA0 to 0xFF is Latin-1 itself).
const WIN_ANSI_EXTRAS: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// A PDF 1.4 document of `pages` A4 pages (at least 1, at most
/// [`MAX_PAGES`]): the title in 18 pt at the top of the first page, then
/// the paragraphs in 11 pt, word-wrapped, flowing onto the next pages; the
/// pages after the text stay blank. Every page has a "Page N" footer. Text
/// that does not fit in `pages` pages is left out.
pub fn simple_pdf(title: &str, paragraphs: &[String], pages: usize) -> Vec<u8> {
    let pages = pages.clamp(1, MAX_PAGES);
    let placed = paginate(&layout(title, paragraphs), pages);
    let mut w = Writer::new(4 + 2 * pages);
    w.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..pages)
        .map(|p| format!("{} 0 R", page_object(p)))
        .collect();
    w.object(
        2,
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    );
    w.object(
        3,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    );
    w.object(
        4,
        &format!("<< /Title {} /Producer (Tandem) >>", utf16_hex(title)),
    );
    for (p, lines) in placed.iter().enumerate() {
        w.object(
            page_object(p),
            &format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                page_object(p) + 1
            ),
        );
        w.stream(page_object(p) + 1, &page_content(lines, p + 1));
    }
    w.finish()
}

/// The object number of page `p` (from 0); its content stream is the next.
fn page_object(p: usize) -> usize {
    5 + 2 * p
}

/// A line of text to place, or a blank line (empty text).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    size: u32,
    leading: u32,
    /// Only characters the font can show (see [`printable`]).
    text: String,
}

/// The title's and the paragraphs' lines, wrapped, a blank line after the
/// title and between paragraphs.
fn layout(title: &str, paragraphs: &[String]) -> Vec<Line> {
    let mut lines = Vec::new();
    let line = |size, leading, text| Line {
        size,
        leading,
        text,
    };
    for text in wrap(&printable(title), TITLE_SIZE) {
        lines.push(line(TITLE_SIZE, TITLE_LEADING, text));
    }
    for paragraph in paragraphs {
        let wrapped = wrap(&printable(paragraph), BODY_SIZE);
        if wrapped.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(line(BODY_SIZE, BODY_LEADING, String::new()));
        }
        for text in wrapped {
            lines.push(line(BODY_SIZE, BODY_LEADING, text));
        }
    }
    lines
}

/// The lines of each of `pages` pages with their baselines; blank lines at
/// the top of a page are dropped, and lines past the last page left out.
fn paginate(lines: &[Line], pages: usize) -> Vec<Vec<(u32, Line)>> {
    let mut out: Vec<Vec<(u32, Line)>> = vec![Vec::new(); pages];
    let mut page = 0;
    let mut y = TOP_Y;
    let mut first = true;
    for line in lines {
        if !first && y < BOTTOM_Y + line.leading {
            page += 1;
            y = TOP_Y;
            first = true;
        }
        let Some(current) = out.get_mut(page) else {
            break;
        };
        if first && line.text.is_empty() {
            continue;
        }
        if !first {
            y -= line.leading;
        }
        current.push((y, line.clone()));
        first = false;
    }
    out
}

/// The drawing operators of one page: its lines and its footer.
fn page_content(lines: &[(u32, Line)], number: usize) -> String {
    let mut out = String::from("BT\n");
    for (y, line) in lines.iter().filter(|(_, l)| !l.text.is_empty()) {
        out.push_str(&format!(
            "/F1 {} Tf\n1 0 0 1 {MARGIN} {y} Tm\n({}) Tj\n",
            line.size,
            pdf_string(&line.text)
        ));
    }
    let footer = format!("Page {number}");
    let x = (PAGE_WIDTH.saturating_sub(text_width(&footer) * FOOTER_SIZE / 1000)) / 2;
    out.push_str(&format!(
        "/F1 {FOOTER_SIZE} Tf\n1 0 0 1 {x} {FOOTER_Y} Tm\n({}) Tj\nET",
        pdf_string(&footer)
    ));
    out
}

/// Text as the font can show it: control characters become spaces and
/// characters outside WinAnsiEncoding `?`.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_control() => ' ',
            c if win_ansi(c).is_some() => c,
            _ => '?',
        })
        .collect()
}

/// The character's code in WinAnsiEncoding, if it has one.
fn win_ansi(c: char) -> Option<u8> {
    match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).ok(),
        _ => WIN_ANSI_EXTRAS
            .iter()
            .find(|(extra, _)| *extra == c)
            .map(|(_, code)| *code),
    }
}

/// A character's width in thousandths of the font size: Helvetica's own
/// for ASCII, a generous estimate for the rest (wide enough never to run
/// into the margin).
fn char_width(c: char) -> u32 {
    match c {
        ' '..='~' => HELVETICA_WIDTHS[(u32::from(c) - 32) as usize],
        '—' | '…' | '‰' | '™' | 'Œ' | 'Æ' | 'œ' | 'æ' => 1000,
        c if c.is_uppercase() => 778,
        _ => 611,
    }
}

/// A text's width in thousandths of the font size.
fn text_width(s: &str) -> u32 {
    s.chars().map(char_width).sum()
}

/// Whether a text fits [`TEXT_WIDTH`] at `size` points.
fn fits(s: &str, size: u32) -> bool {
    text_width(s).saturating_mul(size) <= TEXT_WIDTH * 1000
}

/// Text broken into lines that fit the page at `size` points, at spaces
/// where possible and inside a word too long for a line.
fn wrap(text: &str, size: u32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if fits(&candidate, size) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for c in word.chars() {
            current.push(c);
            if !fits(&current, size) {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The inside of a PDF string literal `( )`: `(`, `)` and `\` escaped,
/// printable ASCII as it is, other WinAnsiEncoding characters as `\ooo`,
/// anything else as `?` (control characters as spaces).
fn pdf_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => match win_ansi(c) {
                Some(code) => out.push_str(&format!("\\{code:03o}")),
                None => out.push('?'),
            },
        }
    }
    out
}

/// A text string for the document information dictionary: UTF-16BE with a
/// byte-order mark, as hexadecimal (`<FEFF...>`), so any character keeps.
fn utf16_hex(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// Writes numbered objects in order, recording where each starts.
struct Writer {
    buf: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    /// A document with the PDF 1.4 header and a comment of high bytes (so
    /// transfers treat the file as binary), for `objects` objects.
    fn new(objects: usize) -> Writer {
        let mut buf = b"%PDF-1.4\n%".to_vec();
        buf.extend_from_slice(&[0xE2, 0xE3, 0xCF, 0xD3, b'\n']);
        Writer {
            buf,
            offsets: vec![0; objects],
        }
    }

    /// Object `num` (from 1) with the given body.
    fn object(&mut self, num: usize, body: &str) {
        if let Some(slot) = num.checked_sub(1).and_then(|i| self.offsets.get_mut(i)) {
            *slot = self.buf.len();
        }
        self.buf
            .extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }

    /// Object `num` as a stream of `content`, with its exact `/Length`.
    fn stream(&mut self, num: usize, content: &str) {
        let body = format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        );
        self.object(num, &body);
    }

    /// The cross-reference table, the trailer and the end marker.
    fn finish(mut self) -> Vec<u8> {
        let xref = self.buf.len();
        let size = self.offsets.len() + 1;
        let mut tail = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for offset in &self.offsets {
            tail.push_str(&format!("{offset:010} 00000 n \n"));
        }
        tail.push_str(&format!(
            "trailer\n<< /Size {size} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        self.buf.extend_from_slice(tail.as_bytes());
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as text, byte for byte: each non-ASCII byte (only in
    /// the header's binary comment) as `?`, so offsets stay true.
    fn text(pdf: &[u8]) -> String {
        pdf.iter()
            .map(|&b| if b.is_ascii() { b as char } else { '?' })
            .collect()
    }

    /// `services::applications::files::looks_like_pdf`, on the first 8 and
    /// the last 1024 bytes as `server::documents` reads them.
    fn accepted_as_upload(pdf: &[u8]) -> bool {
        let head = &pdf[..pdf.len().min(8)];
        let tail = &pdf[pdf.len().saturating_sub(1024)..];
        head.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
    }

    /// Follows `startxref` to the table and checks that every entry points
    /// at its own `N 0 obj`; returns the number of objects (with 0).
    fn check_xref(pdf: &[u8]) -> usize {
        let s = text(pdf);
        let at = s.rfind("startxref\n").unwrap();
        let xref: usize = s[at + 10..].lines().next().unwrap().parse().unwrap();
        assert!(
            s[xref..].starts_with("xref\n0 "),
            "startxref points at the table"
        );
        let mut lines = s[xref..].lines().skip(1);
        let size: usize = lines.next().unwrap()[2..].parse().unwrap();
        assert_eq!(lines.next().unwrap(), "0000000000 65535 f ");
        for num in 1..size {
            let entry = lines.next().unwrap();
            assert_eq!(entry.len(), 19, "{entry:?}");
            assert!(entry.ends_with(" 00000 n "));
            let offset: usize = entry[..10].parse().unwrap();
            assert!(
                s[offset..].starts_with(&format!("{num} 0 obj\n")),
                "object {num} at {offset}"
            );
        }
        assert_eq!(lines.next().unwrap(), "trailer");
        assert!(lines
            .next()
            .unwrap()
            .starts_with(&format!("<< /Size {size} /Root 1 0 R")));
        size
    }

    /// Checks every stream's `/Length` against its bytes; returns the
    /// streams' contents.
    fn streams(pdf: &[u8]) -> Vec<String> {
        let s = text(pdf);
        let mut out = Vec::new();
        let mut rest = s.as_str();
        while let Some(at) = rest.find("<< /Length ") {
            let after = &rest[at + 11..];
            let end = after.find(' ').unwrap();
            let length: usize = after[..end].parse().unwrap();
            let data = &after[after.find("stream\n").unwrap() + 7..];
            assert!(data[length..].starts_with("\nendstream\nendobj\n"));
            out.push(data[..length].to_owned());
            rest = &data[length..];
        }
        out
    }

    fn paragraphs(n: usize, words: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("P{i} {}", vec!["lorem"; words].join(" ")))
            .collect()
    }

    #[test]
    fn a_document_has_header_table_trailer_and_end() {
        for pages in [0, 1, 2, 5, 37] {
            let pdf = simple_pdf("Title", &paragraphs(3, 40), pages);
            let s = text(&pdf);
            let expected = pages.max(1);
            assert!(pdf.starts_with(b"%PDF-1.4\n"));
            assert!(pdf.ends_with(b"%%EOF\n"));
            assert!(accepted_as_upload(&pdf));
            assert_eq!(check_xref(&pdf), 5 + 2 * expected);
            assert!(s.contains(&format!("/Count {expected} >>")));
            assert_eq!(s.matches("/Type /Page ").count(), expected);
            assert_eq!(streams(&pdf).len(), expected);
            assert!(s.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
            assert!(s.contains("/MediaBox [0 0 595 842]"));
        }
    }

    #[test]
    fn every_page_has_its_number() {
        let pdf = simple_pdf("T", &paragraphs(2, 10), 4);
        for (i, content) in streams(&pdf).iter().enumerate() {
            assert!(content.contains(&format!("(Page {}) Tj\nET", i + 1)));
            assert!(content.starts_with("BT\n") && content.ends_with("ET"));
        }
    }

    #[test]
    fn strings_escape_parens_backslashes_and_accents() {
        for (raw, escaped) in [
            ("plain", "plain"),
            ("a(b)c\\", "a\\(b\\)c\\\\"),
            (")) Tj ET (", "\\)\\) Tj ET \\("),
            ("é ñ à ç ü", "\\351 \\361 \\340 \\347 \\374"),
            ("Élan Ñ Ç", "\\311lan \\321 \\307"),
            ("€ ’ “ ” – — …", "\\200 \\222 \\223 \\224 \\226 \\227 \\205"),
            ("\u{a0}ÿ", "\\240\\377"),
            ("北京 🎉 ł", "?? ? ?"),
            ("\u{0}\n\r\t\u{85}", "     "),
            ("%%EOF", "%%EOF"),
        ] {
            assert_eq!(pdf_string(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn the_title_leads_the_first_page() {
        let pdf = simple_pdf("Habitat (2025) \\ Montréal", &paragraphs(1, 3), 1);
        let content = &streams(&pdf)[0];
        assert!(content.starts_with(
            "BT\n/F1 18 Tf\n1 0 0 1 50 770 Tm\n(Habitat \\(2025\\) \\\\ Montr\\351al) Tj\n"
        ));
        assert!(content.contains("/F1 11 Tf\n1 0 0 1 50 742 Tm\n(P0 lorem lorem lorem) Tj"));
        assert!(text(&pdf).contains("/Title <FEFF0048006100620069"));
    }

    #[test]
    fn lines_wrap_at_about_ninety_characters() {
        let prose = "The city council met with residents to discuss housing, transport and \
                     the renewal of public spaces in the old port district over three evenings."
            .repeat(4);
        let lines = wrap(&printable(&prose), BODY_SIZE);
        assert!(lines.len() > 3);
        for line in &lines[..lines.len() - 1] {
            assert!(fits(line, BODY_SIZE));
            assert!((80..=105).contains(&line.chars().count()), "{line:?}");
        }
        let wide = wrap(&"W".repeat(200), BODY_SIZE);
        assert!(wide.iter().all(|l| fits(l, BODY_SIZE) && !l.is_empty()));
        assert_eq!(wide.concat(), "W".repeat(200));
        assert!(wrap("   \n\t ", BODY_SIZE).is_empty());
    }

    #[test]
    fn text_flows_onto_later_pages_and_stops_at_the_last() {
        let long = paragraphs(30, 60);
        let pdf = simple_pdf("Long", &long, 3);
        let contents = streams(&pdf);
        assert!(contents[1].contains("(P"), "page 2 continues the text");
        for content in &contents {
            for line in content.lines().filter(|l| l.ends_with(" Tm")) {
                let y: u32 = line.split(' ').nth(5).unwrap().parse().unwrap();
                assert!(y == FOOTER_Y || (BOTTOM_Y..=TOP_Y).contains(&y), "{line}");
            }
        }
        // One page cannot hold it all: the rest is left out, the file holds.
        let short = simple_pdf("Long", &long, 1);
        assert_eq!(check_xref(&short), 7);
        assert!(text(&short).len() < text(&pdf).len());
        // Pages after the text carry only their number.
        let sparse = simple_pdf("Short", &paragraphs(1, 5), 3);
        assert_eq!(streams(&sparse)[2].matches(" Tj").count(), 1);
    }

    #[test]
    fn hostile_text_stays_inside_its_strings() {
        let hostile = vec![
            ") Tj ET endstream endobj %%EOF (".to_owned(),
            "\\\\\\(".repeat(100),
            "\u{0}\u{1b}\u{7f}\u{85}\u{2028}\u{feff}\u{fffd}".to_owned(),
            String::new(),
            "   ".to_owned(),
        ];
        let pdf = simple_pdf(") /Title (x", &hostile, 2);
        check_xref(&pdf);
        for content in streams(&pdf) {
            for line in content.lines() {
                let op_ok = line == "BT"
                    || line == "ET"
                    || line.ends_with(" Tf")
                    || line.ends_with(" Tm")
                    || (line.starts_with('(') && line.ends_with(") Tj"));
                assert!(op_ok, "{line:?}");
                if let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(") Tj")) {
                    // Every paren inside is escaped: no string ends early.
                    let mut escaped = false;
                    for c in inner.chars() {
                        assert!(escaped || (c != '(' && c != ')'), "{inner}");
                        escaped = !escaped && c == '\\';
                    }
                    assert!(!escaped, "a string ends in a lone backslash: {inner}");
                    assert!(inner.is_ascii());
                }
            }
        }
        assert!(accepted_as_upload(&pdf));
    }

    #[test]
    fn absurd_page_counts_are_capped_and_output_is_stable() {
        let pdf = simple_pdf("", &[], usize::MAX);
        assert_eq!(check_xref(&pdf), 5 + 2 * MAX_PAGES);
        assert!(text(&pdf).contains(&format!("/Count {MAX_PAGES} >>")));
        let a = simple_pdf("Same", &paragraphs(2, 20), 2);
        assert_eq!(a, simple_pdf("Same", &paragraphs(2, 20), 2));
    }
}
