//! Citation exports of a publication: a BibTeX entry and a CSL-JSON item,
//! for reference managers (Zotero, JabRef, Mendeley) and citation styles.
//!
//! Output context: BibTeX. Every value goes through [`tex`] (or [`tex_url`]
//! for the address), which escapes TeX's special characters and writes
//! braces as `\textbraceleft{}`/`\textbraceright{}`: BibTeX counts braces
//! without looking at backslashes, so `\{` or `\}` would unbalance the
//! value and let a title end its field and start another. CSL-JSON is
//! escaped by `serde_json`.

use serde_json::{json, Map, Value};

/// A publication as it is cited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citable {
    pub id: i64,
    /// `report`, `case_study`, `policy_brief`, `toolkit`,
    /// `application_form` or `faq`.
    pub kind: String,
    pub title: String,
    /// Each `"Surname, Given"` for a person, or an institution's name.
    pub authors: Vec<String>,
    pub institution: String,
    pub year: i64,
    /// Language tag, e.g. `"en"`.
    pub language: String,
    /// Absolute URL of the publication's page.
    pub url: String,
    pub abstract_text: String,
    pub pages: Option<i64>,
}

/// Words that mark a name with a comma as an institution's
/// (`"University of California, Berkeley"`), not `"Surname, Given"`.
const INSTITUTION_WORDS: &[&str] = &[
    "agence",
    "agencia",
    "agency",
    "asociación",
    "association",
    "bureau",
    "center",
    "centre",
    "centro",
    "city",
    "ciudad",
    "comisión",
    "commission",
    "conseil",
    "consejo",
    "council",
    "department",
    "departamento",
    "département",
    "fondation",
    "foundation",
    "fundación",
    "gobierno",
    "gouvernement",
    "government",
    "institut",
    "institute",
    "instituto",
    "ministère",
    "ministerio",
    "ministry",
    "municipalidad",
    "municipalité",
    "municipality",
    "network",
    "office",
    "oficina",
    "réseau",
    "universidad",
    "universidade",
    "university",
    "université",
    "ville",
];

/// An author, as citation formats tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Author {
    Person { family: String, given: String },
    Institution(String),
}

/// `"Surname, Given"` (one comma, both sides non-empty, no institution
/// word) is a person; anything else is an institution's name.
fn parse_author(raw: &str) -> Author {
    let name = one_line(raw);
    let is_institution_word = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        INSTITUTION_WORDS.contains(&w.as_str())
    };
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        let person = !family.is_empty()
            && !given.is_empty()
            && !given.contains(',')
            && !name.split_whitespace().any(is_institution_word);
        if person {
            return Author::Person {
                family: family.to_owned(),
                given: given.to_owned(),
            };
        }
    }
    Author::Institution(name)
}

/// Whether a kind is cited as a report (BibTeX `@techreport`, CSL `report`).
fn is_report(kind: &str) -> bool {
    matches!(kind, "report" | "policy_brief" | "case_study")
}

/// The English name of a kind of publication.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "report" => "Report",
        "case_study" => "Case study",
        "policy_brief" => "Policy brief",
        "toolkit" => "Toolkit",
        "application_form" => "Application form",
        "faq" => "FAQ",
        _ => "Document",
    }
}

/// Text on one line: control characters (line breaks included) become
/// spaces, runs of white space one space, and the ends are trimmed.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text that keeps its line breaks (CRLF and CR become LF); other control
/// characters become spaces; the ends are trimmed.
fn multiline(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A BibTeX value's text, on one line, with TeX's specials escaped: `\&`,
/// `\%`, `\$`, `\#`, `\_`, and `\textbackslash{}`, `\textbraceleft{}`,
/// `\textbraceright{}`, `\textasciicircum{}`, `\textasciitilde{}`, whose
/// braces are balanced for BibTeX.
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in one_line(s).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A URL for the BibTeX `url` field, which biblatex and `\url` read
/// verbatim: characters that are legal in a URL stay as they are (`%`, `#`,
/// `_`, `~`, `&`); the ones that are not, and that TeX would act on
/// (braces, backslash, spaces, controls, quotes, `^`, `|`, `` ` ``,
/// non-ASCII), are percent-encoded.
fn tex_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_ascii_graphic()
            && !matches!(c, '{' | '}' | '\\' | '"' | '<' | '>' | '^' | '`' | '|')
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A name part, in braces when BibTeX would otherwise split it: it holds a
/// comma or the word `and` (BibTeX's separator between names).
fn protect_name(escaped: &str) -> String {
    let has_and = escaped
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("and"));
    if has_and || escaped.contains(',') {
        format!("{{{escaped}}}")
    } else {
        escaped.to_owned()
    }
}

/// One author for BibTeX: `Family, Given`, or an institution in braces so
/// it is one name and not a surname with given names.
fn bibtex_author(raw: &str) -> Option<String> {
    match parse_author(raw) {
        Author::Person { family, given } => Some(format!(
            "{}, {}",
            protect_name(&tex(&family)),
            protect_name(&tex(&given))
        )),
        Author::Institution(name) if name.is_empty() => None,
        Author::Institution(name) => Some(format!("{{{}}}", tex(&name))),
    }
}

/// The language's name as biblatex knows it (`english`), or the tag.
fn bibtex_language(lang: &str) -> String {
    let tag = lang.trim().to_ascii_lowercase();
    let name = match tag.split(['-', '_']).next().unwrap_or_default() {
        "en" => "english",
        "fr" => "french",
        "es" => "spanish",
        "pt" => "portuguese",
        "de" => "german",
        "it" => "italian",
        _ => return tag,
    };
    name.to_owned()
}

/// The entry's key: `tandem<year>id<id>`, e.g. `tandem2025id42`.
fn bibtex_key(c: &Citable) -> String {
    format!("tandem{}id{}", c.year, c.id)
}

/// A BibTeX entry: `@techreport` for reports, policy briefs and case
/// studies, `@misc` otherwise. Empty fields are left out; every value is
/// in braces and escaped.
pub fn bibtex(c: &Citable) -> String {
    let entry_type = if is_report(&c.kind) {
        "techreport"
    } else {
        "misc"
    };
    let authors: Vec<String> = c.authors.iter().filter_map(|a| bibtex_author(a)).collect();
    let mut fields: Vec<(&str, String)> = vec![("title", tex(&c.title))];
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    fields.push(("institution", tex(&c.institution)));
    fields.push(("year", c.year.to_string()));
    fields.push(("language", tex(&bibtex_language(&c.language))));
    fields.push(("url", tex_url(&c.url)));
    fields.push(("abstract", tex(&c.abstract_text)));
    fields.push(("note", kind_name(&c.kind).to_owned()));
    if let Some(pages) = c.pages.filter(|&p| p > 0) {
        fields.push(("numpages", pages.to_string()));
    }
    let body: Vec<String> = fields
        .into_iter()
        .filter(|(name, value)| *name == "title" || !value.is_empty())
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    format!(
        "@{entry_type}{{{},\n{}\n}}\n",
        bibtex_key(c),
        body.join(",\n")
    )
}

/// One author for CSL-JSON: `{family, given}` or `{literal}`.
fn csl_author(raw: &str) -> Option<Value> {
    match parse_author(raw) {
        Author::Person { family, given } => Some(json!({ "family": family, "given": given })),
        Author::Institution(name) if name.is_empty() => None,
        Author::Institution(name) => Some(json!({ "literal": name })),
    }
}

/// Inserts a string field unless it is empty.
fn insert_text(item: &mut Map<String, Value>, key: &str, value: String) {
    if !value.is_empty() {
        item.insert(key.to_owned(), Value::String(value));
    }
}

/// A CSL-JSON document: an array holding the one item. Type `report` for
/// reports, policy briefs and case studies, `document` otherwise; the
/// kind's English name as `genre`; empty fields left out.
pub fn csl_json(c: &Citable) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(format!("tandem-pub-{}", c.id)));
    let csl_type = if is_report(&c.kind) {
        "report"
    } else {
        "document"
    };
    item.insert("type".into(), json!(csl_type));
    item.insert("title".into(), json!(one_line(&c.title)));
    let authors: Vec<Value> = c.authors.iter().filter_map(|a| csl_author(a)).collect();
    if !authors.is_empty() {
        item.insert("author".into(), Value::Array(authors));
    }
    insert_text(&mut item, "publisher", one_line(&c.institution));
    item.insert("issued".into(), json!({ "date-parts": [[c.year]] }));
    insert_text(&mut item, "language", one_line(&c.language));
    insert_text(&mut item, "URL", c.url.trim().to_owned());
    insert_text(&mut item, "abstract", multiline(&c.abstract_text));
    if let Some(pages) = c.pages.filter(|&p| p > 0) {
        item.insert("number-of-pages".into(), json!(pages.to_string()));
    }
    item.insert("genre".into(), json!(kind_name(&c.kind)));
    Value::Array(vec![Value::Object(item)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry as BibTeX reads it: the type, the key, and the fields, with
    /// braces counted the way BibTeX counts them (backslashes ignored).
    type Entry = (String, String, Vec<(String, String)>);

    fn parse_bibtex(entry: &str) -> Result<Entry, String> {
        let rest = entry.strip_prefix('@').ok_or("no @")?;
        let open = rest.find('{').ok_or("no {")?;
        let entry_type = rest[..open].to_owned();
        let rest = &rest[open + 1..];
        let comma = rest.find(',').ok_or("no key")?;
        let key = rest[..comma].to_owned();
        let mut rest = rest[comma + 1..].trim_start();
        let mut fields = Vec::new();
        loop {
            if let Some(after) = rest.strip_prefix('}') {
                if after != "\n" {
                    return Err(format!("text after the entry: {after:?}"));
                }
                return Ok((entry_type, key, fields));
            }
            let eq = rest.find('=').ok_or(format!("no = in {rest:?}"))?;
            let name = rest[..eq].trim().to_owned();
            let value_start = rest[eq + 1..].trim_start();
            let body = value_start.strip_prefix('{').ok_or("value not in braces")?;
            let mut depth = 1;
            let mut end = None;
            for (i, b) in body.bytes().enumerate() {
                match b {
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
            let end = end.ok_or("unbalanced value")?;
            fields.push((name, body[..end].to_owned()));
            rest = body[end + 1..].trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
    }

    fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn citable() -> Citable {
        Citable {
            id: 42,
            kind: "policy_brief".into(),
            title: "Housing & land: 100% of {cities}".into(),
            authors: vec![
                "Pérez, Ana".into(),
                "UN-Habitat".into(),
                "Ministry of Housing and Cities".into(),
            ],
            institution: "Tandem Network".into(),
            year: 2025,
            language: "fr-CA".into(),
            url: "https://tandem.example.org/publications/42?a=1&b=x_y#top".into(),
            abstract_text: "Line one.\r\nLine two\u{0} with $5 and ~approx.".into(),
            pages: Some(12),
        }
    }

    #[test]
    fn tex_escapes_every_special() {
        for (raw, escaped) in [
            ("plain", "plain"),
            ("{}", "\\textbraceleft{}\\textbraceright{}"),
            ("}", "\\textbraceright{}"),
            ("\\", "\\textbackslash{}"),
            ("\\}", "\\textbackslash{}\\textbraceright{}"),
            ("100%", "100\\%"),
            ("R&D", "R\\&D"),
            ("$5 #1 a_b", "\\$5 \\#1 a\\_b"),
            ("x^2 ~y", "x\\textasciicircum{}2 \\textasciitilde{}y"),
            ("a\nb\r\nc\td", "a b c d"),
            ("  \u{0}lead\u{1b}  trail \u{85} ", "lead trail"),
            ("Montréal ñ 北京", "Montréal ñ 北京"),
            ("@misc{x,", "@misc\\textbraceleft{}x,"),
        ] {
            assert_eq!(tex(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn urls_stay_urls() {
        for (raw, out) in [
            (
                "https://x.example/a_b?c=1&d=%20#f",
                "https://x.example/a_b?c=1&d=%20#f",
            ),
            (" https://x.example/~me ", "https://x.example/~me"),
            ("https://x.example/{a}\\b", "https://x.example/%7Ba%7D%5Cb"),
            ("https://x.example/a b\nc", "https://x.example/a%20b%0Ac"),
            ("https://x.example/é", "https://x.example/%C3%A9"),
            (
                "https://x.example/\"^`|<>",
                "https://x.example/%22%5E%60%7C%3C%3E",
            ),
        ] {
            assert_eq!(tex_url(raw), out, "{raw:?}");
        }
    }

    #[test]
    fn authors_are_people_or_institutions() {
        let person = |f: &str, g: &str| Author::Person {
            family: f.into(),
            given: g.into(),
        };
        let inst = |n: &str| Author::Institution(n.into());
        for (raw, author) in [
            ("Pérez, Ana", person("Pérez", "Ana")),
            (
                "  van der Berg ,  Jan  Piet ",
                person("van der Berg", "Jan Piet"),
            ),
            ("Brown and Sons, Amy", person("Brown and Sons", "Amy")),
            ("O'Brien,\nSeán", person("O'Brien", "Seán")),
            ("UN-Habitat", inst("UN-Habitat")),
            (
                "University of California, Berkeley",
                inst("University of California, Berkeley"),
            ),
            (
                "Ville de Montréal, Service de l'habitation",
                inst("Ville de Montréal, Service de l'habitation"),
            ),
            ("Smith, John, Jr.", inst("Smith, John, Jr.")),
            ("Pérez,", inst("Pérez,")),
            (", Ana", inst(", Ana")),
            ("", inst("")),
            ("\u{0}\n", inst("")),
        ] {
            assert_eq!(parse_author(raw), author, "{raw:?}");
        }
    }

    #[test]
    fn bibtex_entry_has_the_expected_fields() {
        let entry = bibtex(&citable());
        let (entry_type, key, fields) = parse_bibtex(&entry).unwrap();
        assert_eq!(entry_type, "techreport");
        assert_eq!(key, "tandem2025id42");
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "title",
                "author",
                "institution",
                "year",
                "language",
                "url",
                "abstract",
                "note",
                "numpages"
            ]
        );
        assert_eq!(
            field(&fields, "title"),
            Some("Housing \\& land: 100\\% of \\textbraceleft{}cities\\textbraceright{}")
        );
        assert_eq!(
            field(&fields, "author"),
            Some("Pérez, Ana and {UN-Habitat} and {Ministry of Housing and Cities}")
        );
        assert_eq!(field(&fields, "year"), Some("2025"));
        assert_eq!(field(&fields, "language"), Some("french"));
        assert_eq!(
            field(&fields, "url"),
            Some("https://tandem.example.org/publications/42?a=1&b=x_y#top")
        );
        assert_eq!(
            field(&fields, "abstract"),
            Some("Line one. Line two with \\$5 and \\textasciitilde{}approx.")
        );
        assert_eq!(field(&fields, "note"), Some("Policy brief"));
        assert_eq!(field(&fields, "numpages"), Some("12"));
    }

    #[test]
    fn bibtex_kinds_and_empty_fields() {
        for (kind, entry_type, note) in [
            ("report", "techreport", "Report"),
            ("case_study", "techreport", "Case study"),
            ("policy_brief", "techreport", "Policy brief"),
            ("toolkit", "misc", "Toolkit"),
            ("application_form", "misc", "Application form"),
            ("faq", "misc", "FAQ"),
            ("Report", "misc", "Document"),
            ("}evil{", "misc", "Document"),
        ] {
            let c = Citable {
                kind: kind.into(),
                year: 2024,
                id: 7,
                pages: Some(0),
                ..Citable::default()
            };
            let (t, key, fields) = parse_bibtex(&bibtex(&c)).unwrap();
            assert_eq!(t, entry_type, "{kind}");
            assert_eq!(key, "tandem2024id7");
            let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["title", "year", "note"], "{kind}");
            assert_eq!(field(&fields, "note"), Some(note));
        }
    }

    #[test]
    fn hostile_text_cannot_add_fields_or_break_the_entry() {
        for hostile in [
            "x}, note = {evil",
            "x\\}, note = {evil",
            "}}}}",
            "{{{{",
            "\\",
            "a\n}\n@misc{injected,\n title = {x}\n}",
            "%}",
            "\u{0}\u{8}\u{1b}",
            "and",
        ] {
            let c = Citable {
                title: hostile.into(),
                authors: vec![hostile.into(), format!("{hostile}, {hostile}")],
                institution: hostile.into(),
                abstract_text: hostile.into(),
                language: hostile.into(),
                url: hostile.into(),
                kind: hostile.into(),
                ..citable()
            };
            let entry = bibtex(&c);
            let (_, key, fields) = parse_bibtex(&entry).unwrap_or_else(|e| panic!("{e}\n{entry}"));
            assert_eq!(key, "tandem2025id42");
            assert!(entry.starts_with("@misc{tandem2025id42,\n"));
            assert_eq!(entry.lines().count(), fields.len() + 2, "{entry}");
            for (name, _) in &fields {
                assert_eq!(
                    fields.iter().filter(|(n, _)| n == name).count(),
                    1,
                    "{entry}"
                );
            }
            for (_, value) in &fields {
                assert!(!value.contains('\n') && !value.contains('\u{0}'));
                // Braces only as the `{}` of a text command (or around a
                // protected name): balanced inside every value.
                let opens = value.matches('{').count();
                assert_eq!(opens, value.matches('}').count(), "{value}");
            }
        }
    }

    #[test]
    fn names_with_and_or_commas_stay_one_name() {
        for (raw, out) in [
            ("Brown and Sons, Amy", "{Brown and Sons}, Amy"),
            ("Ruiz, Ana AND Luis", "Ruiz, {Ana AND Luis}"),
            ("Town and Country", "{Town and Country}"),
            ("Andersen, Hans", "Andersen, Hans"),
            ("Doe, J_", "Doe, J\\_"),
            ("", ""),
        ] {
            assert_eq!(bibtex_author(raw).unwrap_or_default(), out, "{raw:?}");
        }
    }

    #[test]
    fn csl_json_item_has_the_expected_fields() {
        let doc = csl_json(&citable());
        let text = serde_json::to_string(&doc).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, doc);
        let items = back.as_array().unwrap();
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["id"], "tandem-pub-42");
        assert_eq!(item["type"], "report");
        assert_eq!(item["title"], "Housing & land: 100% of {cities}");
        assert_eq!(
            item["author"],
            json!([
                {"family": "Pérez", "given": "Ana"},
                {"literal": "UN-Habitat"},
                {"literal": "Ministry of Housing and Cities"}
            ])
        );
        assert_eq!(item["publisher"], "Tandem Network");
        assert_eq!(item["issued"], json!({"date-parts": [[2025]]}));
        assert_eq!(item["language"], "fr-CA");
        assert_eq!(
            item["URL"],
            "https://tandem.example.org/publications/42?a=1&b=x_y#top"
        );
        assert_eq!(
            item["abstract"],
            "Line one.\nLine two  with $5 and ~approx."
        );
        assert_eq!(item["number-of-pages"], "12");
        assert_eq!(item["genre"], "Policy brief");
    }

    #[test]
    fn csl_json_kinds_and_empty_fields() {
        for (kind, csl_type, genre) in [
            ("report", "report", "Report"),
            ("case_study", "report", "Case study"),
            ("policy_brief", "report", "Policy brief"),
            ("toolkit", "document", "Toolkit"),
            ("application_form", "document", "Application form"),
            ("faq", "document", "FAQ"),
            ("", "document", "Document"),
        ] {
            let c = Citable {
                id: -3,
                kind: kind.into(),
                authors: vec!["  ".into()],
                pages: Some(-1),
                ..Citable::default()
            };
            let doc = csl_json(&c);
            let item = doc[0].as_object().unwrap();
            assert_eq!(item["type"], csl_type);
            assert_eq!(item["genre"], genre);
            assert_eq!(item["id"], "tandem-pub--3");
            let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["genre", "id", "issued", "title", "type"], "{kind}");
        }
    }

    #[test]
    fn csl_json_keeps_hostile_text_as_data() {
        let hostile = "\"quoted\" </script> \\ {} \u{0}\nnext line\u{2028}";
        let c = Citable {
            title: hostile.into(),
            authors: vec![format!("{hostile}, Given")],
            abstract_text: hostile.into(),
            ..citable()
        };
        let text = serde_json::to_string(&csl_json(&c)).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0]["title"], "\"quoted\" </script> \\ {} next line");
        assert_eq!(
            back[0]["author"][0]["family"],
            "\"quoted\" </script> \\ {} next line"
        );
        assert_eq!(
            back[0]["abstract"],
            "\"quoted\" </script> \\ {}  \nnext line"
        );
    }
}
