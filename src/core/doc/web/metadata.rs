//! Metadata of a web page beyond what the extractor reads, and its tidying.
//!
//! [`Head`] reads the page's `<head>` for what readers need and extractors often leave out: the
//! canonical link, `<html lang>`, `og:site_name`, and every author named in JSON-LD (most
//! trusted), then Open Graph and `<meta>`. It only fills gaps. [`strip_site_name`] removes the
//! site from a title (`Rivers Rise - The Daily Planet`). Pure: strings in, strings out.

use dom_query::Document;

use super::Article;

/// What the page's `<head>` says about it (the fields the extractor may have missed).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Head {
    canonical: Option<String>,
    lang: Option<String>,
    site: Option<String>,
    title: Option<String>,
    description: Option<String>,
    /// From JSON-LD when it names any, else `<meta name=author>`.
    authors: Vec<String>,
}

/// How far into a page its `<head>` may end; past this, pages are parsed for the head only up
/// to here (keeps huge pages cheap).
const HEAD_LIMIT: usize = 256 * 1024;

impl Head {
    /// Reads the head of `html` (everything up to `</head>`, or the first [`HEAD_LIMIT`] bytes).
    pub fn parse(html: &str) -> Self {
        let end = find_ignore_case(html, "</head>")
            .map_or(html.len(), |i| i + "</head>".len())
            .min(HEAD_LIMIT);
        let end = floor_char_boundary(html, end);
        let doc = Document::from(html.get(..end).unwrap_or(html));
        let attr = |sel: &str, name: &str| {
            doc.select(sel)
                .attr(name)
                .map(|v| squash_spaces(&v))
                .filter(|v| !v.is_empty())
        };
        let mut head = Head {
            canonical: attr("link[rel~=canonical]", "href")
                .or_else(|| attr("meta[property='og:url']", "content"))
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
            lang: attr("html", "lang")
                .or_else(|| attr("meta[http-equiv='content-language' i]", "content")),
            site: attr("meta[property='og:site_name']", "content")
                .or_else(|| attr("meta[name='application-name']", "content")),
            title: attr("meta[property='og:title']", "content").or_else(|| {
                let t = squash_spaces(&doc.select("title").text());
                (!t.is_empty()).then_some(t)
            }),
            description: attr("meta[property='og:description']", "content")
                .or_else(|| attr("meta[name='description' i]", "content")),
            authors: Vec::new(),
        };
        for script in doc.select("script[type='application/ld+json']").iter() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&script.text()) {
                json_ld_authors(&v, &mut head.authors, 0);
            }
            if !head.authors.is_empty() {
                break;
            }
        }
        if head.authors.is_empty()
            && let Some(a) = attr("meta[name='author' i]", "content")
                .or_else(|| attr("meta[property='article:author']", "content"))
                .filter(|a| !a.starts_with("http"))
        {
            head.authors = split_authors(&a);
        }
        dedup(&mut head.authors);
        head
    }

    /// Fills the fields `article` lacks; the canonical link and JSON-LD authors win over what
    /// the extractor guessed, because a page states them on purpose.
    pub fn fill(self, article: &mut Article) {
        if self.canonical.is_some() {
            article.url = self.canonical;
        }
        if article.lang.is_none() {
            article.lang = self.lang;
        }
        if article.site.is_none() {
            article.site = self.site;
        }
        if article.title.is_none() {
            article.title = self.title;
        }
        if article.description.is_none() {
            article.description = self.description;
        }
        if !self.authors.is_empty()
            && (self.authors.len() > article.authors.len() || article.authors.is_empty())
        {
            article.authors = self.authors;
        }
    }
}

/// Author names from a JSON-LD value: `author` (a string, a `Person`, or a list of them),
/// looked for in the value, its `@graph` and nested objects (a few levels deep).
fn json_ld_authors(v: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    use serde_json::Value;
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                json_ld_authors(i, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(author) = map.get("author").or_else(|| map.get("creator")) {
                author_names(author, out);
                if !out.is_empty() {
                    return;
                }
            }
            for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                if let Some(inner) = map.get(key) {
                    json_ld_authors(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn author_names(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.starts_with("http") => out.extend(split_authors(s)),
        Value::Array(items) => items.iter().for_each(|i| author_names(i, out)),
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("name") {
                let name = squash_spaces(name);
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
        _ => {}
    }
}

fn dedup(names: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
}

/// Splits an author line (`A; B`, `A, B and C`, `By A | B`) into names.
pub fn split_authors(s: &str) -> Vec<String> {
    let s = squash_spaces(s);
    let s = s
        .strip_prefix("By ")
        .or_else(|| s.strip_prefix("by "))
        .unwrap_or(&s);
    let mut names: Vec<String> = s
        .split([';', '|', '&'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| {
            // "Smith, John" is one name; "John Smith, Jane Doe" is two.
            let pieces: Vec<&str> = part.split(',').collect();
            if pieces.iter().all(|p| p.trim().contains(' ')) {
                pieces
            } else {
                vec![part]
            }
        })
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    dedup(&mut names);
    names
}

/// Separators between a headline and the site's name in `<title>`.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ",
];

/// `title` without the site's name before or after a separator: `site` itself, the URL's host
/// (`wsj.com` → `wsj`), or — with no site known — a short trailing part that looks like a name.
pub fn strip_site_name(title: &str, site: Option<&str>, url: Option<&str>) -> String {
    let host = url.and_then(host_name);
    let is_site = |part: &str| {
        let p = normalise(part);
        if p.is_empty() {
            return false;
        }
        site.is_some_and(|s| {
            let s = normalise(s);
            !s.is_empty() && (p == s || p.replace(' ', "") == s.replace(' ', ""))
        }) || host.as_deref().is_some_and(|h| {
            let compact = p.replace(' ', "");
            compact == h
                || compact == format!("{h}com")
                || p.contains(&format!("{h}.")) && !p.contains(' ')
        })
    };
    let mut t = title.trim().to_owned();
    for _ in 0..2 {
        let Some((sep_at, sep)) = SEPARATORS
            .iter()
            .filter_map(|s| t.rfind(s).map(|i| (i, *s)))
            .max_by_key(|(i, _)| *i)
        else {
            break;
        };
        let (head, tail) = (
            t.get(..sep_at).unwrap_or_default(),
            t.get(sep_at + sep.len()..).unwrap_or_default(),
        );
        if is_site(tail) && !head.trim().is_empty() {
            t = head.trim().to_owned();
            continue;
        }
        // the site first: "WSJ | Headline"
        if let Some(first) = SEPARATORS
            .iter()
            .filter_map(|s| t.find(s).map(|i| (i, *s)))
            .min_by_key(|(i, _)| *i)
        {
            let (head, tail) = (
                t.get(..first.0).unwrap_or_default(),
                t.get(first.0 + first.1.len()..).unwrap_or_default(),
            );
            if is_site(head) && !tail.trim().is_empty() {
                t = tail.trim().to_owned();
                continue;
            }
        }
        break;
    }
    t
}

/// The registrable-looking name of a URL's host: `https://www.wsj.com/x` → `wsj`.
fn host_name(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    let name = match labels.as_slice() {
        [] => return None,
        [one] => one,
        [.., name, tld]
            if tld.len() == 2 && ["co", "com", "org", "ac", "gov", "net"].contains(name) =>
        {
            labels.get(labels.len().saturating_sub(3)).copied()?
        }
        [.., name, _] => name,
    };
    Some((*name).to_owned())
}

fn normalise(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '.')
        .collect::<String>()
        .trim_start_matches("the ")
        .to_owned()
}

/// Runs of whitespace squashed to one space, trimmed.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_name_leaves_the_title() {
        let t = |title, site, url| strip_site_name(title, site, url);
        assert_eq!(t("Markets Fall - WSJ", Some("WSJ"), None), "Markets Fall");
        assert_eq!(
            t(
                "Markets Fall - WSJ",
                None,
                Some("https://www.wsj.com/articles/x")
            ),
            "Markets Fall"
        );
        assert_eq!(
            t("The Guardian | Rain again", Some("The Guardian"), None),
            "Rain again"
        );
        assert_eq!(
            t("Rain - again | BBC News", Some("BBC News"), None),
            "Rain - again"
        );
        assert_eq!(
            t(
                "Brexit: what next - BBC News",
                None,
                Some("https://www.bbc.co.uk/news/1")
            ),
            "Brexit: what next - BBC News",
            "no site, and bbc ≠ bbc news: kept"
        );
        assert_eq!(t("Left - Right", None, None), "Left - Right");
    }

    #[test]
    fn author_lines_split_into_names() {
        assert_eq!(
            split_authors("By Lois Lane and Clark Kent"),
            ["Lois Lane", "Clark Kent"]
        );
        assert_eq!(split_authors("Lane, Lois"), ["Lane, Lois"]);
        assert_eq!(
            split_authors("Lois Lane, Clark Kent; Jimmy Olsen"),
            ["Lois Lane", "Clark Kent", "Jimmy Olsen"]
        );
    }

    #[test]
    fn the_head_gives_canonical_lang_site_and_json_ld_authors() {
        let h = Head::parse(
            r#"<html lang="fr"><head><link rel="canonical" href="https://a.example/x">
            <meta property="og:site_name" content="A">
            <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","author":{"@type":"Person","name":"Marie Curie"}}]}</script>
            <meta name="author" content="Someone Else"></head><body>x</body></html>"#,
        );
        assert_eq!(h.canonical.as_deref(), Some("https://a.example/x"));
        assert_eq!(h.lang.as_deref(), Some("fr"));
        assert_eq!(h.site.as_deref(), Some("A"));
        assert_eq!(h.authors, ["Marie Curie"]);
    }
}
