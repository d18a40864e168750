//! Text helpers for web articles: tidying the extractor's Markdown and text, a page's whole
//! visible text (the fallback when no article is found), and plain text as Markdown.
//! Pure string work over `dom_query`'s parsed tree; no scripts run, nothing is fetched.

use dom_query::{Document, NodeRef};

/// Words (whitespace-separated runs with a letter or digit) in `s`.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Distinct words (runs of letters and digits, case folded) in `s`: repeated boilerplate
/// does not make a page look like an article.
pub fn distinct_words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// The extractor's plain text with lines trimmed and at most one blank line between paragraphs.
pub fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// The extractor's Markdown with trailing spaces removed and runs of blank lines squashed
/// (outside fenced code, which is kept as is).
pub fn tidy_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blanks = 0usize;
    let mut in_fence = false;
    for line in s.lines() {
        let trimmed = line.trim_end();
        if trimmed.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if trimmed.is_empty() && !in_fence {
            blanks += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blanks > 0 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        out.push_str(if in_fence { line } else { trimmed });
    }
    out.push('\n');
    out
}

/// `text` without the lines that are, whitespace aside, a line of one of `sources` (e.g. the
/// figure captions).
pub fn without_lines_of(text: &str, sources: &[&str]) -> String {
    let squash = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let drop: std::collections::HashSet<String> = sources
        .iter()
        .flat_map(|s| s.lines())
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect();
    if drop.is_empty() {
        return text.to_owned();
    }
    text.lines()
        .filter(|l| !drop.contains(&squash(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `markdown` without a heading near its top that repeats `title` (the reader shows the title
/// once, from the metadata).
pub fn without_title_heading(markdown: &str, title: &str) -> String {
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let want = key(title);
    if want.is_empty() {
        return markdown.to_owned();
    }
    let mut out = Vec::new();
    let mut removed = false;
    for (i, line) in markdown.lines().enumerate() {
        let heading = line.trim_start().trim_start_matches('#');
        if !removed && i < 12 && line.trim_start().starts_with('#') && key(heading) == want {
            removed = true;
            continue;
        }
        out.push(line);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Root-relative link and image targets (`](/tag/x)`, `](//cdn/x)`) made absolute against
/// `base`, the page's URL, so links stay usable outside the page.
pub fn absolute_links(markdown: &str, base: &str) -> String {
    let Some((scheme, rest)) = base.split_once("://") else {
        return markdown.to_owned();
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        return markdown.to_owned();
    }
    let origin = format!("{scheme}://{host}");
    let mut out = String::with_capacity(markdown.len() + 256);
    let mut rest = markdown;
    while let Some(i) = rest.find("](/") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        if after.starts_with("//") {
            out.push_str(scheme);
            out.push(':');
        } else {
            out.push_str(&origin);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Elements whose text is never shown.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
];
/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "br",
    "hr",
    "form",
    "address",
];

/// All the visible text of a page, one paragraph per block element, blank lines between.
pub fn page_text(html: &str) -> String {
    let doc = Document::from(html);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let root = doc.root();
    // an explicit stack, so deeply nested pages cannot overflow ours
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(root, false)];
    while let Some((node, leaving)) = stack.pop() {
        if node.is_text() {
            current.push_str(&node.text());
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase());
        let is_block = name.as_deref().is_some_and(|n| BLOCKS.contains(&n));
        if is_block {
            flush(&mut current, &mut paragraphs);
        }
        if leaving {
            continue;
        }
        if name.as_deref().is_some_and(|n| HIDDEN.contains(&n)) {
            continue;
        }
        if is_block {
            stack.push((node, true));
        }
        let children = node.children();
        for child in children.into_iter().rev() {
            stack.push((child, false));
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !p.is_empty() {
        paragraphs.push(p);
    }
    current.clear();
}

/// Plain paragraphs as Markdown: each escaped so it stays a paragraph.
pub fn plain_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for para in text.split("\n\n") {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        out.push_str(&escape_inline(para));
        out.push_str("\n\n");
    }
    out
}

/// `s` with Markdown's inline markup characters and a leading block marker escaped.
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    let starts_block = out.starts_with('#')
        || out.starts_with('-')
        || out.starts_with('+')
        || out.starts_with('=')
        || out.starts_with('|')
        || out.starts_with('~');
    if starts_block {
        out.insert(0, '\\');
    }
    // "1. x" would start an ordered list: escape its dot
    if let Some((n, rest)) = out.split_once(". ")
        && !n.is_empty()
        && n.len() <= 9
        && n.chars().all(|c| c.is_ascii_digit())
    {
        out = format!("{n}\\. {rest}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_keeps_visible_paragraphs_only() {
        let t = page_text(
            "<html><head><title>T</title><style>p{}</style></head><body><h1>Head</h1><p>One <b>two</b></p><script>x()</script><ul><li>a</li><li>b</li></ul></body></html>",
        );
        assert_eq!(t, "Head\n\nOne two\n\na\n\nb");
    }

    #[test]
    fn tidying_squashes_blank_runs_but_not_code() {
        assert_eq!(tidy_text("  a \n\n\n b\nc "), "a\n\nb\nc");
        assert_eq!(
            tidy_markdown("# H  \n\n\n\ntext\n```\nx\n\n\ny\n```\n"),
            "# H\n\ntext\n```\nx\n\n\ny\n```\n"
        );
    }

    #[test]
    fn plain_paragraphs_stay_paragraphs_in_markdown() {
        assert_eq!(
            plain_to_markdown("# not a heading\n\n1. not a list *x*"),
            "\\# not a heading\n\n1\\. not a list \\*x\\*\n\n"
        );
        assert_eq!(word_count("a -- b, c!"), 3);
        assert_eq!(distinct_words("Few words.Few words.Few"), 2);
        assert_eq!(
            without_title_heading(
                "###### tag\n\n# The ‘Title’\n\nBody\n# The Title\n",
                "The 'title'"
            ),
            "###### tag\n\n\nBody\n# The Title\n"
        );
        assert_eq!(
            absolute_links(
                "[a](/x) [b](//cdn.example/i.png) [c](https://o.example/)",
                "https://s.example/p/q"
            ),
            "[a](https://s.example/x) [b](https://cdn.example/i.png) [c](https://o.example/)"
        );
        assert_eq!(
            without_lines_of("Prose.\n  A  caption \nMore prose.", &["A caption\nCredit"]),
            "Prose.\nMore prose."
        );
    }
}
