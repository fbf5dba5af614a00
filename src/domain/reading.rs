//! Reading time of a Markdown text: its words at the reader's silent-reading
//! speed for the language, plus a few seconds per image, in whole minutes.
//!
//! Pure and std-only (it compiles to WASM): the Markdown is scanned once, in
//! linear time and without recursion, so hostile input (thousands of nested
//! brackets, unclosed links) costs no more than prose of the same length.

/// Seconds given to the first image; each further image gets one second
/// less, down to [`IMAGE_SECONDS_FLOOR`] (Medium's rule).
const IMAGE_SECONDS_FIRST: u64 = 12;
/// Seconds given to every image from the tenth on.
const IMAGE_SECONDS_FLOOR: u64 = 3;

/// Silent-reading speed in words per minute for a language tag (`"en"`,
/// `"fr-CA"`), from Trauzettel-Klosinski & Dietz (2012), *Standardized
/// assessment of reading performance: the IReST*: English 228, French 195,
/// Spanish 218; any other language 200.
pub fn words_per_minute(lang: &str) -> u32 {
    match primary_subtag(lang).as_str() {
        "en" => 228,
        "fr" => 195,
        "es" => 218,
        _ => 200,
    }
}

/// Minutes needed to read `markdown` in `lang`: words at
/// [`words_per_minute`] plus the images' seconds (12 s for the first, one
/// less for each next one, never under 3 s), rounded up; at least 1.
pub fn read_minutes(markdown: &str, lang: &str) -> u32 {
    let scan = scan(markdown);
    let wpm = u64::from(words_per_minute(lang));
    let words = scan.words as u64;
    // ceil(words / wpm + image_seconds / 60), in integers:
    // ceil((words * 60 + image_seconds * wpm) / (wpm * 60)).
    let numerator = words
        .saturating_mul(60)
        .saturating_add(image_seconds(scan.images).saturating_mul(wpm));
    let minutes = numerator.div_ceil(wpm * 60).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// Words a reader reads in `markdown`: markup (`#`, `*`, `_`, `~`,
/// backticks, list numbers, code-fence lines, link targets, reference
/// definitions, footnote labels) is not counted, a link counts its text
/// only, an image counts nothing. A word is a run of non-space characters
/// holding at least one letter or digit.
pub fn word_count(markdown: &str) -> usize {
    scan(markdown).words
}

/// Images in `markdown`: `![alt](url)` and `![alt][ref]`, including an
/// image used as a link's text.
pub fn image_count(markdown: &str) -> usize {
    scan(markdown).images
}

/// What one pass over the Markdown found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Scan {
    words: usize,
    images: usize,
}

/// The seconds `n` images add: 12 + 11 + ... + 3 + 3 + ...
fn image_seconds(n: usize) -> u64 {
    let n = n as u64;
    let stepped = n.min(IMAGE_SECONDS_FIRST - IMAGE_SECONDS_FLOOR);
    // 12 + 11 + ... for `stepped` images, then 3 s for each of the rest.
    let first = stepped * IMAGE_SECONDS_FIRST - stepped * stepped.saturating_sub(1) / 2;
    first.saturating_add((n - stepped).saturating_mul(IMAGE_SECONDS_FLOOR))
}

/// The language of a tag, lower-cased: `"fr"` for `"FR-ca"` or `"fr_CA"`.
fn primary_subtag(lang: &str) -> String {
    lang.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Counts words and images: line-level markup first, then inline markup.
fn scan(markdown: &str) -> Scan {
    let text = strip_line_markup(markdown);
    let chars: Vec<char> = text.chars().collect();
    let (plain, images) = strip_inline_markup(&chars);
    Scan {
        words: count_words(&plain),
        images,
    }
}

/// The Markdown without what is markup at the level of a line: code-fence
/// lines (with their info string), reference definitions
/// (`[id]: https://...`) and ordered-list numbers (`1.`, `2)`).
fn strip_line_markup(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") || is_reference_definition(t) {
            out.push('\n');
            continue;
        }
        out.push_str(without_list_number(t));
        out.push('\n');
    }
    out
}

/// Whether a (left-trimmed) line defines a link reference: `[id]: url`.
/// Footnote definitions (`[^1]: text`) are text, not references.
fn is_reference_definition(t: &str) -> bool {
    if !t.starts_with('[') || t.starts_with("[^") {
        return false;
    }
    match t.find("]:") {
        Some(end) => end > 1 && !t[1..end].contains(['[', ']']),
        None => false,
    }
}

/// A (left-trimmed) line without its ordered-list number (`12. ` or `3) `).
fn without_list_number(t: &str) -> &str {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return t;
    }
    match t[digits..].strip_prefix(['.', ')']) {
        Some(after) if after.is_empty() || after.starts_with(char::is_whitespace) => after,
        _ => t,
    }
}

/// Characters that are emphasis, heading, code or link markup: dropped,
/// so `**bold**`, `snake_case` and `[link]` stay one word each.
fn is_inline_markup(c: char) -> bool {
    matches!(c, '#' | '*' | '_' | '`' | '~' | '[' | ']')
}

/// The text without inline markup, and the number of images removed.
///
/// Links keep their text and lose their target: when the scan reaches a
/// link's closing `]` it jumps past the `(url)` or `[ref]` that follows.
/// Images are skipped whole. Every jump goes forward, so the scan ends and
/// is linear in the input.
fn strip_inline_markup(chars: &[char]) -> (String, usize) {
    let brackets = matching(chars, '[', ']');
    let parens = matching(chars, '(', ')');
    // For a link's closing `]`, the index just past its target.
    let mut resume_after = vec![0usize; chars.len()];
    let mut out = String::with_capacity(chars.len());
    let mut images = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            // An escaped character is literal text.
            if let Some(&next) = chars.get(i + 1) {
                out.push(next);
            }
            i += 2;
            continue;
        }
        if resume_after[i] > i {
            i = resume_after[i];
            continue;
        }
        if c == '!' && chars.get(i + 1) == Some(&'[') {
            if let Some(end) = target_end(chars, &brackets, &parens, i + 1) {
                images += 1;
                out.push(' ');
                i = end;
                continue;
            }
        }
        if c == '[' {
            if let Some(close) = brackets[i] {
                if chars.get(i + 1) == Some(&'^') {
                    // A footnote label (`[^1]`) is not read.
                    i = close + 1;
                    continue;
                }
                if let Some(end) = target_end(chars, &brackets, &parens, i) {
                    resume_after[close] = end;
                }
            }
        }
        if c == '|' {
            out.push(' ');
        } else if !is_inline_markup(c) {
            out.push(c);
        }
        i += 1;
    }
    (out, images)
}

/// For the `[` at `open`, when it starts a link (`[text](url)` or
/// `[text][ref]`), the index just past the link's target.
fn target_end(
    chars: &[char],
    brackets: &[Option<usize>],
    parens: &[Option<usize>],
    open: usize,
) -> Option<usize> {
    let close = brackets.get(open).copied().flatten()?;
    let after = close + 1;
    match chars.get(after) {
        Some('(') => parens.get(after).copied().flatten().map(|p| p + 1),
        Some('[') => brackets.get(after).copied().flatten().map(|b| b + 1),
        _ => None,
    }
}

/// For each `open` character, the index of the `close` that balances it
/// (backslash-escaped ones are not counted); `None` elsewhere and for an
/// unbalanced one. One pass with a stack, no recursion.
fn matching(chars: &[char], open: char, close: char) -> Vec<Option<usize>> {
    let mut out = vec![None; chars.len()];
    let mut stack = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == open {
            stack.push(i);
        } else if c == close {
            if let Some(o) = stack.pop() {
                out[o] = Some(i);
            }
        }
        i += 1;
    }
    out
}

/// Whitespace-separated runs holding at least one letter or digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_follow_the_irest_norms() {
        for (lang, wpm) in [
            ("en", 228),
            ("EN-gb", 228),
            ("fr", 195),
            ("fr-CA", 195),
            ("fr_CA", 195),
            ("es", 218),
            (" es-MX ", 218),
            ("de", 200),
            ("", 200),
            ("e", 200),
            ("english", 200),
            ("\u{0}en", 200),
            ("ñ-x", 200),
        ] {
            assert_eq!(words_per_minute(lang), wpm, "{lang:?}");
        }
    }

    #[test]
    fn words_are_counted_without_markup() {
        for (md, words) in [
            ("", 0),
            ("   \n\t\n", 0),
            ("one two three", 3),
            ("# Title\n\nSome *emphasis* and **strong** text.", 6),
            ("## ### ####", 0),
            ("*** --- ___ ~~~", 0),
            ("snake_case and __bold__", 3),
            ("`code` and ``more code``", 4),
            ("~~struck~~ out", 2),
            ("- a\n- b\n* c\n+ d", 4),
            ("1. first\n2) second\n10. tenth", 3),
            ("In 2025 we met", 4),
            ("In 2025.", 2),
            ("2025. was a year", 3),
            ("> quoted words here", 3),
            ("| a | b |\n|---|---|\n| c | d |", 4),
            ("a|b", 2),
            ("word — word", 2),
            ("l'été est là", 3),
            ("Ciudad de México", 3),
            ("emoji 🎉 only 🎉🎉", 2),
            ("\u{0}\u{8}\u{1b} x", 1),
        ] {
            assert_eq!(word_count(md), words, "{md:?}");
        }
    }

    #[test]
    fn links_count_their_text_only() {
        for (md, words) in [
            ("[two words](https://example.org/a/very/long/url)", 2),
            (
                "See [the report](https://x.example/r?q=1&a=b \"Title here\").",
                3,
            ),
            ("[text][ref] and more\n\n[ref]: https://x.example/ \"t\"", 3),
            ("[text] alone", 2),
            ("[sic]", 1),
            ("a footnote[^1].\n\n[^1]: The note itself.", 5),
            ("[link (with parens)](https://x.example/a_(b))", 3),
            ("(see [this](https://x.example))", 2),
            ("<https://x.example/auto>", 1),
            ("\\[not a link\\](really)", 3),
        ] {
            assert_eq!(word_count(md), words, "{md:?}");
        }
    }

    #[test]
    fn images_are_images_not_words() {
        for (md, words, images) in [
            ("![a long alt text here](https://x.example/i.png)", 0, 1),
            ("before ![alt](i.png) after", 2, 1),
            ("![alt](i.png \"title words\")![b](j.png)", 0, 2),
            ("![alt][logo]\n\n[logo]: /logo.png", 0, 1),
            ("[![badge](b.svg)](https://x.example) text", 1, 1),
            ("! [not](image)", 1, 0),
            ("wow!", 1, 0),
            ("![unclosed](", 1, 0),
            ("![", 0, 0),
            ("!", 0, 0),
        ] {
            assert_eq!(word_count(md), words, "words in {md:?}");
            assert_eq!(image_count(md), images, "images in {md:?}");
        }
    }

    #[test]
    fn code_fences_lose_their_info_string() {
        let md = "Intro words\n\n```rust\nlet x = 1;\n```\n\n~~~\nplain\n~~~";
        // "Intro", "words", "let", "x", "1;", "plain"
        assert_eq!(word_count(md), 6);
    }

    #[test]
    fn hostile_markup_is_linear_and_safe() {
        let deep = format!("{}x{}", "[".repeat(50_000), "]".repeat(50_000));
        assert_eq!(word_count(&deep), 1);
        let deep_links = format!("{}x{}", "[".repeat(20_000), "](u)".repeat(20_000));
        assert_eq!(word_count(&deep_links), 1);
        let unclosed = "[(".repeat(50_000);
        assert_eq!(word_count(&unclosed), 0);
        let bangs = "![".repeat(50_000);
        assert_eq!(image_count(&bangs), 0);
        let many_images = "![a](b)".repeat(10_000);
        assert_eq!(image_count(&many_images), 10_000);
        assert_eq!(word_count(&many_images), 0);
        let escapes = "\\".repeat(10_001);
        assert_eq!(word_count(&escapes), 0);
        let closers = "])".repeat(10_000);
        assert_eq!(word_count(&closers), 0);
    }

    #[test]
    fn image_seconds_step_down_to_a_floor() {
        for (n, secs) in [
            (0, 0),
            (1, 12),
            (2, 23),
            (3, 33),
            (9, 12 + 11 + 10 + 9 + 8 + 7 + 6 + 5 + 4),
            (10, 75),
            (11, 78),
            (20, 105),
        ] {
            assert_eq!(image_seconds(n), secs, "{n} images");
        }
        assert!(image_seconds(usize::MAX) > 0);
    }

    #[test]
    fn minutes_round_up_with_a_minimum_of_one() {
        let words = |n: usize| vec!["word"; n].join(" ");
        for (md, lang, minutes) in [
            (String::new(), "en", 1),
            (words(1), "en", 1),
            (words(228), "en", 1),
            (words(229), "en", 2),
            (words(456), "en", 2),
            (words(457), "en", 3),
            (words(195), "fr", 1),
            (words(196), "fr", 2),
            (words(218), "es-ES", 1),
            (words(219), "es", 2),
            (words(200), "de", 1),
            (words(201), "de", 2),
            (words(2280), "en", 10),
            // 228 words is one minute; one image adds 12 s: 2 minutes.
            (format!("{} ![i](x.png)", words(228)), "en", 2),
            // 5 images: 12+11+10+9+8 = 50 s.
            ("![i](x)".repeat(5), "en", 1),
            // 6 images: 50 + 7 = 57 s; 7 images: 57 + 6 = 63 s.
            ("![i](x)".repeat(6), "en", 1),
            ("![i](x)".repeat(7), "en", 2),
            // 10 images: 75 s; 25 images: 75 + 15 * 3 = 120 s.
            ("![i](x)".repeat(25), "en", 2),
            ("![i](x)".repeat(26), "en", 3),
        ] {
            assert_eq!(read_minutes(&md, lang), minutes, "{lang} {:.40}", md);
        }
    }

    #[test]
    fn long_texts_do_not_overflow() {
        let md = "a ".repeat(1_000_000);
        assert_eq!(read_minutes(&md, "en"), 1_000_000u32.div_ceil(228));
    }
}
