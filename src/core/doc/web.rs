//! Web pages → articles: the main content of an HTML page as Markdown, plus its metadata.
//!
//! [`extract`] hands the page to `rs-trafilatura` (a port of trafilatura, made for exactly this
//! and measured on the benchmark in `shared/corpus/web`), then tidies what it returns: the title
//! loses the site's name, authors are split, the body becomes Markdown the existing parser reads.
//! Pure: it takes the page as a `&str` and never fetches anything (images included).
//! [`Article::to_markdown`] builds the text the reader opens (front matter, title, body).

pub mod metadata;
pub mod text;

use std::fmt::Write as _;

use rs_trafilatura::{Options, extract_with_options};

/// What a web page holds for a reader: its metadata and its article body.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Article {
    /// The headline, without the site's name (`… - WSJ`).
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// Publication date as `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// The site's name (`The Guardian`).
    pub site: Option<String>,
    /// The canonical URL, else the URL the page was read from.
    pub url: Option<String>,
    /// The page's language (`en`, `fr-CA`).
    pub lang: Option<String>,
    pub description: Option<String>,
    /// The article body as Markdown, without the title.
    pub markdown: String,
    /// The article body as plain text, without the title.
    pub text: String,
    /// Non-fatal problems, e.g. no article found so the whole page's text is shown.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Fewer distinct words than this in the extracted body means extraction found nothing credible.
const MIN_WORDS: usize = 10;

/// Extracts the article from `html`; `url` is where the page came from, when known (it fills
/// the URL when the page names no canonical one). Never fails: a page with no credible
/// article gives its whole text and a warning.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let options = Options {
        output_markdown: true,
        include_links: true,
        include_images: true,
        url: url.map(str::to_owned),
        ..Options::default()
    };
    let result = extract_with_options(html, &options).ok();
    let head = metadata::Head::parse(html);
    let mut article = Article::default();
    if let Some(r) = &result {
        let m = &r.metadata;
        article.site = clean(m.sitename.as_deref());
        article.title = clean(m.title.as_deref());
        article.authors = m
            .author
            .as_deref()
            .map(metadata::split_authors)
            .unwrap_or_default();
        article.date = m.date.map(|d| d.date_naive().to_string());
        article.url = clean(m.url.as_deref());
        article.lang = clean(m.language.as_deref());
        article.description = clean(m.description.as_deref());
        // Figure captions and image credits stay in the Markdown, but not in the plain text:
        // they are not the article's prose (the benchmark's people left them out too).
        let captions: Vec<&str> = r
            .images
            .iter()
            .flat_map(|i| [i.caption.as_deref(), i.alt.as_deref()])
            .flatten()
            .collect();
        article.text = text::tidy_text(&text::without_lines_of(&r.content_text, &captions));
        article.markdown = r
            .content_markdown
            .as_deref()
            .map(text::tidy_markdown)
            .unwrap_or_default();
    }
    head.fill(&mut article);
    if article.url.is_none() {
        article.url = url.map(str::to_owned);
    }
    if let Some(title) = article.title.take() {
        article.title = Some(metadata::strip_site_name(
            &title,
            article.site.as_deref(),
            article.url.as_deref(),
        ));
    }
    if let Some(title) = &article.title {
        article.markdown =
            text::tidy_markdown(&text::without_title_heading(&article.markdown, title));
    }
    if let Some(base) = url.or(article.url.as_deref()) {
        article.markdown = text::absolute_links(&article.markdown, base);
    }
    if text::distinct_words(&article.text) < MIN_WORDS {
        let whole = text::page_text(html);
        if text::word_count(&whole) > text::word_count(&article.text) {
            article.markdown = text::plain_to_markdown(&whole);
            article.text = whole;
        }
        article
            .warnings
            .push("no article found in the page: showing its whole text".to_owned());
    } else if article.markdown.trim().is_empty() {
        article.markdown = text::plain_to_markdown(&article.text);
    }
    article
}

fn clean(s: Option<&str>) -> Option<String> {
    let s = metadata::squash_spaces(s?);
    (!s.is_empty()).then_some(s)
}

impl Article {
    /// The Markdown document the reader opens: YAML front matter with the metadata, the title
    /// as a level-1 heading, then the body. Parsed by the ordinary Markdown path.
    pub fn to_markdown(&self) -> String {
        let mut out = String::with_capacity(self.markdown.len() + 512);
        let mut front = Vec::new();
        if let Some(t) = &self.title {
            front.push(("title", yaml_quote(t)));
        }
        match self.authors.as_slice() {
            [] => {}
            [one] => front.push(("author", yaml_quote(one))),
            many => front.push((
                "authors",
                format!(
                    "[{}]",
                    many.iter()
                        .map(|a| yaml_quote(a))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
        if let Some(d) = &self.date {
            front.push(("date", yaml_quote(d)));
        }
        if let Some(u) = &self.url {
            front.push(("source", yaml_quote(u)));
        }
        if let Some(s) = &self.site {
            front.push(("site", yaml_quote(s)));
        }
        if let Some(l) = &self.lang {
            front.push(("lang", yaml_quote(l)));
        }
        if let Some(d) = &self.description {
            front.push(("description", yaml_quote(d)));
        }
        if !front.is_empty() {
            out.push_str("---\n");
            for (k, v) in front {
                out.push_str(k);
                out.push_str(": ");
                out.push_str(&v);
                out.push('\n');
            }
            out.push_str("---\n\n");
        }
        if let Some(t) = &self.title {
            out.push_str("# ");
            out.push_str(&text::escape_inline(t));
            out.push_str("\n\n");
        }
        out.push_str(self.markdown.trim_end());
        out.push('\n');
        out
    }
}

/// `s` as a double-quoted YAML scalar (one line, escapes for `"`, `\` and controls).
fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether decoded text is an HTML page rather than plain text or Markdown: it starts with a
/// doctype, `<html>`, `<head>` or a comment followed by one of them, or has `<html`/`<body`
/// early on.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<head")
        || head.starts_with("<?xml") && head.contains("<html")
    {
        return true;
    }
    head.starts_with('<') && (head.contains("<html") || head.contains("<body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Rivers Are Rising Again - The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta name="author" content="Lois Lane">
<meta name="description" content="Why the rivers rise.">
<link rel="canonical" href="https://planet.example/rivers">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Rivers Are Rising Again","datePublished":"2024-03-05T10:00:00Z","author":[{"@type":"Person","name":"Lois Lane"},{"@type":"Person","name":"Clark Kent"}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Rivers Are Rising Again</h1>
<p>The rivers of the northern valley rose by two metres this week, the highest level recorded since the great flood of 1952, according to the regional water authority.</p>
<h2>What the engineers say</h2>
<p>Engineers at the <a href="https://water.example/report">water authority</a> said the dams were holding, but warned that another week of rain could force them to open the spillways.</p>
<ul><li>Two villages were evacuated on Tuesday night.</li><li>Schools in the valley stay closed until Monday.</li></ul>
<blockquote><p>We have never seen the water this high in living memory, said a farmer from the valley.</p></blockquote>
<p>Residents were told to move valuables upstairs and to follow the advice of the emergency services at all times.</p>
</article>
<div class="share">Share on Facebook Share on Twitter</div>
<footer>Copyright 2024 The Daily Planet. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn metadata_comes_from_json_ld_open_graph_and_meta() {
        let a = extract(PAGE, Some("https://planet.example/rivers?utm=x"));
        assert_eq!(a.title.as_deref(), Some("Rivers Are Rising Again"));
        assert_eq!(a.site.as_deref(), Some("The Daily Planet"));
        assert_eq!(a.authors, vec!["Lois Lane", "Clark Kent"]);
        assert_eq!(a.date.as_deref(), Some("2024-03-05"));
        assert_eq!(a.url.as_deref(), Some("https://planet.example/rivers"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.description.as_deref(), Some("Why the rivers rise."));
    }

    #[test]
    fn the_body_keeps_structure_and_drops_boilerplate() {
        let a = extract(PAGE, None);
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
        assert!(
            a.markdown.contains("## What the engineers say"),
            "{}",
            a.markdown
        );
        assert!(
            a.markdown.contains("https://water.example/report"),
            "{}",
            a.markdown
        );
        assert!(a.markdown.contains("- Two villages"), "{}", a.markdown);
        assert!(a.markdown.contains("> We have never"), "{}", a.markdown);
        assert!(!a.text.contains("Share on Facebook"), "{}", a.text);
        assert!(!a.text.contains("Copyright"), "{}", a.text);
        assert!(!a.text.contains("Rivers Are Rising Again"), "{}", a.text);
        assert!(a.text.contains("spillways"), "{}", a.text);
    }

    #[test]
    fn a_page_without_an_article_shows_its_whole_text_with_a_warning() {
        let a = extract(
            "<html><body><nav>Home</nav><div>Only a few words here.</div><script>evil()</script></body></html>",
            None,
        );
        assert_eq!(a.warnings.len(), 1, "{a:?}");
        assert!(a.text.contains("Only a few words here."), "{}", a.text);
        assert!(!a.text.contains("evil"), "{}", a.text);
        assert!(!a.markdown.trim().is_empty());
    }

    #[test]
    fn the_reader_document_is_front_matter_title_and_body() {
        let a = extract(PAGE, None);
        let md = a.to_markdown();
        assert!(
            md.starts_with("---\ntitle: \"Rivers Are Rising Again\"\n"),
            "{md}"
        );
        assert!(md.contains("\n# Rivers Are Rising Again\n"), "{md}");
        let doc = crate::core::doc::markdown::parse(md);
        assert_eq!(doc.meta.title.as_deref(), Some("Rivers Are Rising Again"));
        assert_eq!(doc.meta.authors, vec!["Lois Lane", "Clark Kent"]);
        assert_eq!(
            doc.meta.source.as_deref(),
            Some("https://planet.example/rivers")
        );
    }

    #[test]
    fn yaml_quoting_escapes_what_would_break_front_matter() {
        assert_eq!(yaml_quote(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(yaml_quote("x\ny\u{1b}"), "\"x y\\u001b\"");
    }

    #[test]
    fn html_is_recognised_by_content() {
        assert!(looks_like_html("<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("\u{feff}  <HTML lang=en>"));
        assert!(looks_like_html("<!-- saved -->\n<html>"));
        assert!(looks_like_html("<meta charset=utf-8><body>x</body>"));
        assert!(!looks_like_html("# Title\n\nSome <b>bold</b> words"));
        assert!(!looks_like_html("plain text about <html> tags"));
    }
}
