//! Output contexts: user text reaches HTML, CSV, mail headers and redirect
//! targets only through these helpers, one per context (iCalendar TEXT has its
//! own in `services/ics.rs`). Each is tested below with hostile input.
//!
//! Leptos escapes ordinary text and attributes, but writes the children of a
//! `<textarea>` and the document `<title>` as they are: those two go through
//! [`raw_text`], which the interface applies in exactly one place each
//! (`ui::components::form::TextArea` and the title formatter in `ui::App`).

/// Text for HTML: `&`, `<`, `>`, `"` and `'` as entities, so the result is
/// safe both as element content and inside a quoted attribute.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The content of a raw-text element (`<textarea>`, `<title>`) as the page
/// renders it: escaped on the server, where Leptos writes it verbatim; as it
/// is in the browser, where it becomes a DOM text node (escaping there would
/// show the entities).
pub fn raw_text(s: String) -> String {
    if cfg!(feature = "ssr") {
        html(&s)
    } else {
        s
    }
}

/// JSON inside a `<script type="application/ld+json">` element: `<`, `>`
/// and `&` (and the line separators JavaScript treats as line ends) as
/// `\u` escapes, so no text can close the element or open a comment. The
/// JSON means the same afterwards.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// One CSV cell: a leading `= + - @` (or TAB/CR, which spreadsheets skip)
/// is defused with an apostrophe so no formula runs; a cell holding a comma,
/// quote or line break is quoted with its quotes doubled.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A CSV record: cells through [`csv_cell`], joined by commas, ended by CRLF.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| csv_cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// Text for a mail header (a subject, a display name): every control
/// character, CR and LF included, becomes a space, so no header can be
/// added; runs of spaces are collapsed.
pub fn header(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A redirect target from the request (`next=`): a path on this site, or
/// `/`. Refused: anything not starting with one `/`, backslashes (browsers
/// read them as `/`), and any control character or space (browsers drop TAB
/// and line breaks, so `/\t/evil.example` would become `//evil.example`).
pub fn local_path(next: &str) -> &str {
    let bytes = next.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && next.len() <= 2048
        && !next
            .chars()
            .any(|c| c == '\\' || c == ' ' || c.is_control() || c.is_whitespace());
    if ok {
        next
    } else {
        "/"
    }
}

/// A query-string component (`?q=<here>`), percent-encoded.
pub fn url_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("</textarea><script>alert('x')</script>"),
            "&lt;/textarea&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("a \"b\" & c"), "a &quot;b&quot; &amp; c");
        assert_eq!(html("</title>"), "&lt;/title&gt;");
        assert_eq!(html("Querétaro"), "Querétaro");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn raw_text_is_escaped_on_the_server() {
        assert_eq!(raw_text("</textarea>x".into()), "&lt;/textarea&gt;x");
    }

    #[test]
    fn csv_cells_never_start_a_formula_nor_split() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("Doe, =1+1"), "\"Doe, =1+1\"");
        assert_eq!(csv_cell("a\nb"), "\"a\nb\"");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_row(&["a,b", "=c"]), "\"a,b\",'=c\r\n");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_csv_reader_gets_one_cell_per_value() {
        let row = csv_row(&["Ana, =1+2", "x\"y", "z"]);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(row.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(rec.len(), 3);
        assert_eq!(&rec[0], "Ana, =1+2");
        assert_eq!(&rec[1], "x\"y");
    }

    #[test]
    fn headers_lose_line_breaks() {
        assert_eq!(
            header("Hi\r\nBcc: x@evil.example"),
            "Hi Bcc: x@evil.example"
        );
        assert_eq!(header("a\u{0}b\tc"), "a b c");
    }

    #[test]
    fn redirects_stay_on_site() {
        assert_eq!(local_path("/events?x=1"), "/events?x=1");
        assert_eq!(
            local_path("/account/sign-in?next=%2Fx"),
            "/account/sign-in?next=%2Fx"
        );
        for bad in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x",
            "/\u{0}x",
            "/a\\b",
            " /x",
            "/x y",
            "evil.example",
            "/\u{85}/evil.example",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn url_components_are_encoded() {
        assert_eq!(url_component("a b&c=/d"), "a%20b%26c%3D%2Fd");
        assert_eq!(url_component("é"), "%C3%A9");
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let raw =
            serde_json::json!({"name": "</script><script>alert(1)</script> & <!--"}).to_string();
        let safe = json_in_script(&raw);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }
}
