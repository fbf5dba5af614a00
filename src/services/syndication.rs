//! RSS 2.0 and Atom 1.0 feeds of publications, written as strings.
//!
//! Output context: XML. Every piece of text, element content and attribute
//! value alike, goes through [`xml`], which escapes markup and drops the
//! characters XML 1.0 forbids, so no title or summary can close an element
//! or make the document ill-formed. Bodies are sent as escaped HTML text
//! (never CDATA, so a `]]>` in a body is harmless). Dates are formatted here
//! from Unix seconds, without a date crate.

use crate::escape;

/// The feed as a whole: the page it mirrors and the feed's own address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Channel {
    pub title: String,
    /// Absolute URL of the HTML page the feed mirrors.
    pub link: String,
    /// Absolute URL of this feed.
    pub self_link: String,
    pub description: String,
    /// Language tag, e.g. `"en"`.
    pub language: String,
    /// Unix seconds of the newest change.
    pub updated: i64,
}

/// One publication in a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    pub title: String,
    /// Absolute URL of the item's page.
    pub link: String,
    /// A stable identifier: a `tag:` URI or a URL.
    pub id: String,
    /// Plain text.
    pub summary: String,
    /// The body as already-sanitised HTML.
    pub content_html: Option<String>,
    pub author: String,
    /// Unix seconds.
    pub published: i64,
    /// Unix seconds.
    pub updated: i64,
    pub categories: Vec<String>,
    /// Language tag, e.g. `"fr"`.
    pub language: String,
}

/// Earliest instant written, 0000-01-01T00:00:00Z: dates are clamped to
/// four-digit years so the formats stay valid.
const MIN_UNIX: i64 = -62_167_219_200;
/// Latest instant written, 9999-12-31T23:59:59Z.
const MAX_UNIX: i64 = 253_402_300_799;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Text for XML, as element content or inside a quoted attribute: `&`,
/// `<`, `>`, `"` and `'` as entities, and the characters XML 1.0 does not
/// allow (C0 controls other than TAB, LF and CR; U+FFFE; U+FFFF) dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows the character (a `char` is never a surrogate).
fn allowed_in_xml(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// An instant as RFC 822 (with a four-digit year, as RFC 1123 and RSS 2.0
/// use it): `"Tue, 03 Nov 2026 10:00:00 +0000"`. Instants outside the years
/// 0000 to 9999 are clamped to them.
pub fn rfc822(unix: i64) -> String {
    let t = Civil::from_unix(unix);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        WEEKDAYS[t.weekday],
        t.day,
        MONTHS[t.month - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// An instant as RFC 3339 in UTC: `"2026-11-03T10:00:00Z"`. Instants
/// outside the years 0000 to 9999 are clamped to them.
pub fn rfc3339(unix: i64) -> String {
    let t = Civil::from_unix(unix);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// A UTC instant split into calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    /// 1 to 12.
    month: usize,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    /// 0 is Sunday.
    weekday: usize,
}

impl Civil {
    /// The calendar fields of a Unix time (civil-from-days, after
    /// H. Hinnant), clamped to the years 0000 to 9999.
    fn from_unix(unix: i64) -> Civil {
        let unix = unix.clamp(MIN_UNIX, MAX_UNIX);
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year,
            month: month as usize,
            day,
            hour: secs / 3600,
            minute: secs % 3600 / 60,
            second: secs % 60,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }
}

/// `<name>text</name>` on its own line, the text escaped.
fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(&format!("{indent}<{name}>{}</{name}>\n", xml(text)));
}

/// The item's identifier, or its link when it has none.
fn item_id(item: &FeedItem) -> &str {
    if item.id.trim().is_empty() {
        &item.link
    } else {
        &item.id
    }
}

/// The item's categories that are not blank.
fn categories(item: &FeedItem) -> impl Iterator<Item = &str> {
    item.categories
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
}

/// An RSS 2.0 document (with the Atom `self` link, `content:encoded` for
/// bodies and `dc:creator` for authors, who have names, not e-mails).
///
/// An item's `description` is the summary escaped as HTML and then as XML:
/// readers take RSS descriptions as HTML, so plain text must reach them as
/// HTML text, not as markup.
pub fn rss(channel: &Channel, items: &[FeedItem]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(concat!(
        "<rss version=\"2.0\"",
        " xmlns:atom=\"http://www.w3.org/2005/Atom\"",
        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        "  <channel>\n"
    ));
    rss_channel_head(&mut out, channel);
    for item in items {
        rss_item(&mut out, item);
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

/// The channel's own elements.
fn rss_channel_head(out: &mut String, channel: &Channel) {
    let i = "    ";
    element(out, i, "title", &channel.title);
    element(out, i, "link", &channel.link);
    element(out, i, "description", &channel.description);
    if !channel.language.trim().is_empty() {
        element(out, i, "language", channel.language.trim());
    }
    element(out, i, "lastBuildDate", &rfc822(channel.updated));
    out.push_str(&format!(
        "{i}<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml(&channel.self_link)
    ));
}

/// One `<item>`.
fn rss_item(out: &mut String, item: &FeedItem) {
    let i = "      ";
    out.push_str("    <item>\n");
    element(out, i, "title", &item.title);
    element(out, i, "link", &item.link);
    out.push_str(&format!(
        "{i}<guid isPermaLink=\"false\">{}</guid>\n",
        xml(item_id(item))
    ));
    element(out, i, "pubDate", &rfc822(item.published));
    if !item.author.trim().is_empty() {
        element(out, i, "dc:creator", item.author.trim());
    }
    if !item.language.trim().is_empty() {
        element(out, i, "dc:language", item.language.trim());
    }
    for category in categories(item) {
        element(out, i, "category", category);
    }
    element(out, i, "description", &escape::html(&item.summary));
    if let Some(html) = &item.content_html {
        element(out, i, "content:encoded", html);
    }
    out.push_str("    </item>\n");
}

/// ` xml:lang="..."` for a language tag, or nothing when it is blank.
fn lang_attribute(language: &str) -> String {
    let language = language.trim();
    if language.is_empty() {
        String::new()
    } else {
        format!(" xml:lang=\"{}\"", xml(language))
    }
}

/// An Atom 1.0 document. The feed's author is the channel (so an entry
/// without an author is still valid); an entry's `updated` is never
/// earlier than its `published`.
pub fn atom(channel: &Channel, items: &[FeedItem]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"{}>\n",
        lang_attribute(&channel.language)
    ));
    atom_feed_head(&mut out, channel);
    for item in items {
        atom_entry(&mut out, item);
    }
    out.push_str("</feed>\n");
    out
}

/// The feed's own elements.
fn atom_feed_head(out: &mut String, channel: &Channel) {
    let i = "  ";
    out.push_str(&format!(
        "{i}<title type=\"text\">{}</title>\n",
        xml(&channel.title)
    ));
    if !channel.description.trim().is_empty() {
        out.push_str(&format!(
            "{i}<subtitle type=\"text\">{}</subtitle>\n",
            xml(&channel.description)
        ));
    }
    element(out, i, "id", &channel.self_link);
    element(out, i, "updated", &rfc3339(channel.updated));
    out.push_str(&format!(
        "{i}<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&channel.link)
    ));
    out.push_str(&format!(
        "{i}<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&channel.self_link)
    ));
    out.push_str(&format!(
        "{i}<author><name>{}</name></author>\n",
        xml(&channel.title)
    ));
}

/// One `<entry>`.
fn atom_entry(out: &mut String, item: &FeedItem) {
    let i = "    ";
    out.push_str(&format!("  <entry{}>\n", lang_attribute(&item.language)));
    out.push_str(&format!(
        "{i}<title type=\"text\">{}</title>\n",
        xml(&item.title)
    ));
    element(out, i, "id", item_id(item));
    out.push_str(&format!(
        "{i}<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&item.link)
    ));
    element(out, i, "published", &rfc3339(item.published));
    element(
        out,
        i,
        "updated",
        &rfc3339(item.updated.max(item.published)),
    );
    if !item.author.trim().is_empty() {
        out.push_str(&format!(
            "{i}<author><name>{}</name></author>\n",
            xml(item.author.trim())
        ));
    }
    for category in categories(item) {
        out.push_str(&format!("{i}<category term=\"{}\"/>\n", xml(category)));
    }
    out.push_str(&format!(
        "{i}<summary type=\"text\">{}</summary>\n",
        xml(&item.summary)
    ));
    if let Some(html) = &item.content_html {
        out.push_str(&format!(
            "{i}<content type=\"html\">{}</content>\n",
            xml(html)
        ));
    }
    out.push_str("  </entry>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An element as a tiny checking parser saw it.
    #[derive(Debug, Clone, Default)]
    struct Node {
        name: String,
        attrs: Vec<(String, String)>,
        /// The element's own text (not its children's), entities decoded.
        text: String,
    }

    /// Parses a document as a strict, tiny XML reader: tags balanced and
    /// properly nested, attribute values quoted, every `&` a known entity,
    /// no `<` in text or attributes, no `]]>`, no character XML forbids.
    /// Returns the elements in document order.
    fn parse(doc: &str) -> Result<Vec<Node>, String> {
        let doc = doc
            .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
            .ok_or("no XML declaration")?;
        if let Some(c) = doc.chars().find(|&c| !allowed_in_xml(c)) {
            return Err(format!("forbidden character {c:?}"));
        }
        if doc.contains("]]>") {
            return Err("]]> in content".into());
        }
        let mut nodes: Vec<Node> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut rest = doc;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').ok_or("unclosed end tag")?;
                let name = &after[..end];
                let top = open.pop().ok_or(format!("stray </{name}>"))?;
                if nodes[top].name != name {
                    return Err(format!("</{name}> closes <{}>", nodes[top].name));
                }
                rest = &after[end + 1..];
            } else if let Some(after) = rest.strip_prefix('<') {
                let end = after.find('>').ok_or("unclosed tag")?;
                let tag = &after[..end];
                if tag.contains('<') {
                    return Err(format!("< inside tag {tag:?}"));
                }
                let (tag, empty) = match tag.strip_suffix('/') {
                    Some(t) => (t, true),
                    None => (tag, false),
                };
                if open.is_empty() && !nodes.is_empty() {
                    return Err("second root element".into());
                }
                nodes.push(parse_tag(tag)?);
                if !empty {
                    open.push(nodes.len() - 1);
                }
                rest = &after[end + 1..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = decode(&rest[..end])?;
                match open.last() {
                    Some(&top) => nodes[top].text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(format!("text outside the root: {text:?}")),
                }
                rest = &rest[end..];
            }
        }
        if let Some(&top) = open.last() {
            return Err(format!("<{}> never closed", nodes[top].name));
        }
        Ok(nodes)
    }

    /// `name a="1" b="2"` into a node.
    fn parse_tag(tag: &str) -> Result<Node, String> {
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == ':') {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs = Vec::new();
        let mut rest = tag[name_end..].trim_start();
        while !rest.is_empty() {
            let eq = rest
                .find("=\"")
                .ok_or(format!("unquoted attribute in {tag:?}"))?;
            let key = &rest[..eq];
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == ':') {
                return Err(format!("bad attribute name {key:?}"));
            }
            let value_start = &rest[eq + 2..];
            let close = value_start.find('"').ok_or("unterminated attribute")?;
            attrs.push((key.to_owned(), decode(&value_start[..close])?));
            rest = value_start[close + 1..].trim_start();
        }
        Ok(Node {
            name: name.to_owned(),
            attrs,
            text: String::new(),
        })
    }

    /// Text with its five entities decoded; any other `&` is an error.
    fn decode(s: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = s;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp..];
            let semi = after.find(';').ok_or(format!("bare & in {s:?}"))?;
            out.push(match &after[..=semi] {
                "&amp;" => '&',
                "&lt;" => '<',
                "&gt;" => '>',
                "&quot;" => '"',
                "&apos;" => '\'',
                other => return Err(format!("unknown entity {other}")),
            });
            rest = &after[semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn texts<'a>(nodes: &'a [Node], name: &str) -> Vec<&'a str> {
        nodes
            .iter()
            .filter(|n| n.name == name)
            .map(|n| n.text.as_str())
            .collect()
    }

    fn attr<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
        node.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    const HOSTILE: &str = "</title><script>alert('x')</script> ]]> & \"q\" \u{0}\u{8}\u{1b}\u{b}\u{c}\u{fffe}\u{ffff}é";
    /// [`HOSTILE`] as a reader gets it back: the forbidden characters gone.
    const HOSTILE_READ: &str = "</title><script>alert('x')</script> ]]> & \"q\" é";

    fn channel() -> Channel {
        Channel {
            title: format!("Tandem {HOSTILE}"),
            link: "https://tandem.example.org/publications?a=1&b=\"2\"".into(),
            self_link: "https://tandem.example.org/publications/feed.xml?x='y'&z=<1>".into(),
            description: format!("News {HOSTILE}"),
            language: "en".into(),
            updated: 1_700_000_000,
        }
    }

    fn item(n: i64) -> FeedItem {
        FeedItem {
            title: format!("{HOSTILE} {n}"),
            link: format!("https://tandem.example.org/p/{n}?a=1&b=\"\"><script>"),
            id: format!("tag:tandem.example.org,2026:publication/{n}"),
            summary: format!("Summary <b>not bold</b> & {HOSTILE}"),
            content_html: Some(format!("<p>Body &amp; <em>more</em> ]]> {n}</p>\u{0}")),
            author: "Pérez, Ana <ana@example.org>".into(),
            published: 1_709_210_096,
            updated: 1_793_700_000,
            categories: vec!["housing & \"land\"".into(), "  ".into(), "<script>".into()],
            language: "fr\"><x".into(),
        }
    }

    #[test]
    fn xml_escapes_markup_and_quotes() {
        for (raw, escaped) in [
            ("", ""),
            ("plain", "plain"),
            ("a & b", "a &amp; b"),
            ("</title><script>", "&lt;/title&gt;&lt;script&gt;"),
            ("]]>", "]]&gt;"),
            (
                "\"double\" 'single'",
                "&quot;double&quot; &apos;single&apos;",
            ),
            ("&amp;", "&amp;amp;"),
            ("Querétaro ñ 北京 🎉", "Querétaro ñ 北京 🎉"),
            ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
            ("\u{0}a\u{8}b\u{1b}c\u{b}\u{c}\u{1f}", "abc"),
            ("x\u{fffe}\u{ffff}y\u{fffd}", "xy\u{fffd}"),
            ("\u{7f}\u{85}", "\u{7f}\u{85}"),
        ] {
            assert_eq!(xml(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn dates_are_formatted_for_known_instants() {
        for (unix, r822, r3339) in [
            (0, "Thu, 01 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z"),
            (
                1_700_000_000,
                "Tue, 14 Nov 2023 22:13:20 +0000",
                "2023-11-14T22:13:20Z",
            ),
            (
                1_793_700_000,
                "Tue, 03 Nov 2026 10:00:00 +0000",
                "2026-11-03T10:00:00Z",
            ),
            (
                1_709_210_096,
                "Thu, 29 Feb 2024 12:34:56 +0000",
                "2024-02-29T12:34:56Z",
            ),
            (
                951_782_400,
                "Tue, 29 Feb 2000 00:00:00 +0000",
                "2000-02-29T00:00:00Z",
            ),
            (
                4_107_542_400,
                "Mon, 01 Mar 2100 00:00:00 +0000",
                "2100-03-01T00:00:00Z",
            ),
            (
                -1,
                "Wed, 31 Dec 1969 23:59:59 +0000",
                "1969-12-31T23:59:59Z",
            ),
            (
                -2_208_988_800,
                "Mon, 01 Jan 1900 00:00:00 +0000",
                "1900-01-01T00:00:00Z",
            ),
            (
                253_402_300_799,
                "Fri, 31 Dec 9999 23:59:59 +0000",
                "9999-12-31T23:59:59Z",
            ),
            (
                i64::MAX,
                "Fri, 31 Dec 9999 23:59:59 +0000",
                "9999-12-31T23:59:59Z",
            ),
            (
                -62_135_596_800,
                "Mon, 01 Jan 0001 00:00:00 +0000",
                "0001-01-01T00:00:00Z",
            ),
            (
                i64::MIN,
                "Sat, 01 Jan 0000 00:00:00 +0000",
                "0000-01-01T00:00:00Z",
            ),
        ] {
            assert_eq!(rfc822(unix), r822, "{unix}");
            assert_eq!(rfc3339(unix), r3339, "{unix}");
        }
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        // Each day's date is the day after the previous one's.
        let mut last = rfc3339(MIN_UNIX);
        let mut unix = MIN_UNIX + 86_400;
        while unix < MIN_UNIX + 146_097 * 86_400 {
            let now = rfc3339(unix);
            assert!(now > last, "{now} after {last}");
            assert!(now.ends_with("T00:00:00Z"));
            last = now;
            unix += 86_400;
        }
        assert_eq!(last, "0399-12-31T00:00:00Z");
    }

    #[test]
    fn rss_is_well_formed_and_reads_back_the_text() {
        let doc = rss(&channel(), &[item(1), item(2)]);
        let nodes = parse(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
        assert!(!doc.contains("<script"));
        assert_eq!(nodes[0].name, "rss");
        assert_eq!(attr(&nodes[0], "version"), Some("2.0"));
        let titles = texts(&nodes, "title");
        assert_eq!(
            titles,
            [
                format!("Tandem {HOSTILE_READ}"),
                format!("{HOSTILE_READ} 1"),
                format!("{HOSTILE_READ} 2")
            ]
        );
        assert_eq!(texts(&nodes, "link")[0], channel().link);
        assert_eq!(
            texts(&nodes, "lastBuildDate"),
            ["Tue, 14 Nov 2023 22:13:20 +0000"]
        );
        let self_link = nodes.iter().find(|n| n.name == "atom:link").unwrap();
        assert_eq!(attr(self_link, "href"), Some(channel().self_link.as_str()));
        assert_eq!(attr(self_link, "rel"), Some("self"));
        assert_eq!(
            texts(&nodes, "guid")[1],
            "tag:tandem.example.org,2026:publication/2"
        );
        assert_eq!(
            texts(&nodes, "pubDate")[0],
            "Thu, 29 Feb 2024 12:34:56 +0000"
        );
        assert_eq!(
            texts(&nodes, "dc:creator")[0],
            "Pérez, Ana <ana@example.org>"
        );
        assert_eq!(
            texts(&nodes, "category"),
            [
                "housing & \"land\"",
                "<script>",
                "housing & \"land\"",
                "<script>"
            ]
        );
        assert_eq!(
            texts(&nodes, "content:encoded")[0],
            "<p>Body &amp; <em>more</em> ]]> 1</p>"
        );
    }

    #[test]
    fn rss_descriptions_are_html_text() {
        let doc = rss(&channel(), &[item(1)]);
        let nodes = parse(&doc).unwrap();
        // The XML reader gets HTML whose text is the plain summary.
        let description = texts(&nodes, "description")[1];
        assert!(description.starts_with("Summary &lt;b&gt;not bold&lt;/b&gt; &amp; "));
        assert!(!description.contains('<'));
        // Twice escaped in the document itself.
        assert!(doc.contains("&amp;lt;b&amp;gt;not bold"));
    }

    #[test]
    fn atom_is_well_formed_and_reads_back_the_text() {
        let doc = atom(&channel(), &[item(1), item(2)]);
        let nodes = parse(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
        assert!(!doc.contains("<script"));
        assert_eq!(nodes[0].name, "feed");
        assert_eq!(attr(&nodes[0], "xml:lang"), Some("en"));
        assert_eq!(texts(&nodes, "id")[0], channel().self_link);
        assert_eq!(texts(&nodes, "updated")[0], "2023-11-14T22:13:20Z");
        let links: Vec<_> = nodes.iter().filter(|n| n.name == "link").collect();
        assert_eq!(attr(links[0], "href"), Some(channel().link.as_str()));
        assert_eq!(attr(links[1], "rel"), Some("self"));
        assert_eq!(attr(links[1], "href"), Some(channel().self_link.as_str()));
        assert_eq!(attr(links[2], "href"), Some(item(1).link.as_str()));
        let entries: Vec<_> = nodes.iter().filter(|n| n.name == "entry").collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(attr(entries[0], "xml:lang"), Some("fr\"><x"));
        assert_eq!(texts(&nodes, "title")[1], format!("{HOSTILE_READ} 1"));
        assert_eq!(texts(&nodes, "published")[0], "2024-02-29T12:34:56Z");
        assert_eq!(texts(&nodes, "updated")[1], "2026-11-03T10:00:00Z");
        assert_eq!(
            texts(&nodes, "summary")[0],
            format!("Summary <b>not bold</b> & {HOSTILE_READ}")
        );
        assert_eq!(
            texts(&nodes, "content")[0],
            "<p>Body &amp; <em>more</em> ]]> 1</p>"
        );
        let terms: Vec<_> = nodes
            .iter()
            .filter(|n| n.name == "category")
            .filter_map(|n| attr(n, "term"))
            .collect();
        assert_eq!(
            terms,
            [
                "housing & \"land\"",
                "<script>",
                "housing & \"land\"",
                "<script>"
            ]
        );
        // The feed's author, then one per entry.
        assert_eq!(
            texts(&nodes, "name"),
            [
                format!("Tandem {HOSTILE_READ}").as_str(),
                "Pérez, Ana <ana@example.org>",
                "Pérez, Ana <ana@example.org>"
            ]
        );
    }

    #[test]
    fn escaped_markup_is_counted_exactly() {
        let one = FeedItem {
            title: "<<>>&".into(),
            ..FeedItem::default()
        };
        let empty = Channel::default();
        for doc in [
            rss(&empty, std::slice::from_ref(&one)),
            atom(&empty, &[one]),
        ] {
            parse(&doc).unwrap();
            assert_eq!(doc.matches("&lt;&lt;&gt;&gt;&amp;").count(), 1, "{doc}");
            assert_eq!(doc.matches("&lt;").count(), 2);
            assert_eq!(doc.matches("&amp;").count(), 1);
        }
    }

    #[test]
    fn sparse_items_still_make_valid_feeds() {
        let bare = FeedItem {
            link: "https://tandem.example.org/p/9".into(),
            updated: 0,
            published: 1_700_000_000,
            ..FeedItem::default()
        };
        for doc in [
            rss(&Channel::default(), &[]),
            atom(&Channel::default(), &[]),
            rss(&channel(), std::slice::from_ref(&bare)),
            atom(&channel(), std::slice::from_ref(&bare)),
        ] {
            parse(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
            assert!(!doc.contains("content:encoded") && !doc.contains("<content"));
            assert!(!doc.contains("dc:creator") && !doc.contains("<category"));
        }
        // No id: the link stands in; an unknown `updated` is the publication.
        let nodes = parse(&atom(&channel(), std::slice::from_ref(&bare))).unwrap();
        assert_eq!(texts(&nodes, "id")[1], "https://tandem.example.org/p/9");
        assert_eq!(texts(&nodes, "updated")[1], "2023-11-14T22:13:20Z");
        let nodes = parse(&rss(&channel(), &[bare])).unwrap();
        assert_eq!(texts(&nodes, "guid"), ["https://tandem.example.org/p/9"]);
        assert!(!atom(&Channel::default(), &[]).contains("xml:lang"));
    }

    #[test]
    fn the_checker_refuses_broken_documents() {
        let head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
        for bad in [
            "<a><b></a></b>",
            "<a>x & y</a>",
            "<a>x</a><b/>",
            "<a>\u{1}</a>",
            "<a x=1/>",
            "<a x=\"<\"/>",
            "<a>]]></a>",
            "<a>",
            "<a>&nbsp;</a>",
        ] {
            assert!(parse(&format!("{head}{bad}")).is_err(), "{bad}");
        }
        assert!(parse(&format!("{head}<a x=\"&amp;\"><b/>t</a>\n")).is_ok());
    }
}
