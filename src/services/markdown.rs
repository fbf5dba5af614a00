//! Member Markdown to HTML that is safe to put into a page: raw HTML is
//! shown as text, only http(s) and mailto links survive, images become
//! their alt text (no third-party requests from a profile page).

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || site_path(&lower)
}

/// A page of this site (`/pairings`): one slash, never `//host` or `/\host`,
/// which browsers read as another site.
fn site_path(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && !url.starts_with("/\\")
        && !url.contains(['\\', ' '])
}

pub fn to_safe_html(markdown: &str) -> String {
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if safe_url(&dest_url) {
                    dest_url
                } else {
                    CowStr::Borrowed("#")
                };
                let link_type = if link_type == LinkType::Email {
                    LinkType::Email
                } else {
                    LinkType::Inline
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { .. }) => Event::Start(Tag::Emphasis),
            Event::End(TagEnd::Image) => Event::End(TagEnd::Emphasis),
            other => other,
        });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // every <a in the output is ours: raw HTML was turned into text above
    out.replace("<a href=", "<a rel=\"nofollow ugc noopener\" href=")
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn formatting_survives() {
        assert_eq!(
            to_safe_html("I run **BRT** in *Querétaro*.\n\n- one\n- two"),
            "<p>I run <strong>BRT</strong> in <em>Querétaro</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn raw_html_is_text() {
        let html = to_safe_html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_web_and_mail_links() {
        let html = to_safe_html(
            "[a](javascript:alert(1)) [b](https://ok.org) [c](data:text/html,x) <https://auto.org>",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains("<a rel=\"nofollow ugc noopener\" href=\"https://ok.org\">b</a>"),
            "{html}"
        );
        assert!(html.contains("href=\"https://auto.org\""), "{html}");
        let html = to_safe_html("[p](/pairing/1) [q](//evil.example) [r](/\\evil.example)");
        assert!(html.contains("href=\"/pairing/1\""), "{html}");
        assert!(!html.contains("evil"), "{html}");
        assert!(to_safe_html("![x](https://track.er/p.gif)").contains("<em>x</em>"));
        assert!(to_safe_html("[q](https://a.org \"t\\\" onclick=\\\"x\")")
            .contains("title=\"t&quot; onclick=&quot;x\""));
    }
}
