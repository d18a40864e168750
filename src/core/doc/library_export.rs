//! Exporting a topic across the library: file names, the citation line, the index note, and
//! one JSON / CSV / W3C file out of the per-article exports of `export`.
//!
//! Pure: the shell gathers each article's document and notes and writes the files. Names and
//! ids derive from the article id (plus a slug of its title), so a re-export lands on the same
//! files; what the user wrote below [`KEEP_MARKER`] in a Markdown file is carried over.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::core::doc::annotation::Annotation;
use crate::core::doc::export::{W3C_CONTEXT, block_id, escape_unsafe_json, md_inline, yaml_str};
use crate::core::doc::text::count;

/// The line that closes what gloss writes in a Markdown export; the user's own notes go
/// below it and survive a re-export.
pub const KEEP_MARKER: &str = "<!-- gloss: write below this line; a re-export keeps it -->";

/// What a library export says about one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleCite {
    pub id: i64,
    pub title: String,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// A URL or path.
    pub source: Option<String>,
}

/// The file stem of an article's note: `{slug}-{id}`, stable for an article and title.
pub fn file_stem(cite: &ArticleCite) -> String {
    let mut slug = String::new();
    for c in cite.title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("article-{}", cite.id)
    } else {
        format!("{slug}-{}", cite.id)
    }
}

/// "Authors, “Title”, Outlet, Date. Source" — the parts that are known.
pub fn citation(cite: &ArticleCite) -> String {
    let mut parts = Vec::new();
    if !cite.authors.is_empty() {
        parts.push(cite.authors.join(", "));
    }
    parts.push(format!("“{}”", cite.title));
    parts.extend(cite.outlet.clone());
    parts.extend(cite.date.clone());
    let mut s = parts.join(", ");
    s.push('.');
    if let Some(src) = &cite.source {
        let _ = write!(s, " {src}");
    }
    s
}

/// A per-article Markdown export with the citation line under its heading and the keep
/// marker at the end.
pub fn with_citation(markdown: &str, cite: &ArticleCite) -> String {
    let line = format!("Source: {}\n\n", md_inline(&citation(cite)));
    let mut out = String::with_capacity(markdown.len() + line.len() + KEEP_MARKER.len() + 2);
    if let Some(h) = markdown.find("\n# ") {
        let end = markdown
            .get(h + 1..)
            .and_then(|rest| rest.find("\n\n"))
            .map_or(markdown.len(), |e| h + 1 + e + 2);
        out.push_str(markdown.get(..end).unwrap_or(markdown));
        out.push_str(&line);
        out.push_str(markdown.get(end..).unwrap_or_default());
    } else {
        out.push_str(&line);
        out.push_str(markdown);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let _ = write!(out, "\n{KEEP_MARKER}\n");
    out
}

/// `fresh` with what the user wrote below the keep marker of `existing` (the file as it is on
/// disk) carried over.
pub fn keep_user_part(fresh: &str, existing: Option<&str>) -> String {
    let kept = existing
        .and_then(|old| old.find(KEEP_MARKER).map(|i| i + KEEP_MARKER.len()))
        .and_then(|i| existing.and_then(|old| old.get(i..)))
        .map(|tail| tail.strip_prefix('\n').unwrap_or(tail))
        .unwrap_or_default();
    let mut out = fresh.to_owned();
    out.push_str(kept);
    out
}

/// The index note: front matter, the articles (linked), and every passage by article.
pub fn index_markdown(
    tag: Option<&str>,
    exported_at: &str,
    articles: &[(ArticleCite, Vec<Annotation>)],
) -> String {
    let mut out = String::from("---\n");
    let heading = tag.map_or_else(|| "Library notes".to_owned(), |t| format!("#{t}"));
    let _ = writeln!(out, "title: {}", yaml_str(&heading));
    let _ = writeln!(out, "exported: {}", yaml_str(exported_at));
    out.push_str("tags:\n  - gloss\n");
    if let Some(t) = tag {
        let _ = writeln!(out, "  - {}", yaml_str(t));
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", md_inline(&heading));
    let passages: usize = articles.iter().map(|(_, n)| n.len()).sum();
    let _ = writeln!(
        out,
        "{} in {}.\n\n## Articles\n",
        count(passages, "passage", "passages"),
        count(articles.len(), "article", "articles")
    );
    for (cite, notes) in articles {
        let _ = writeln!(
            out,
            "- [[{}|{}]] — {} ({})",
            file_stem(cite),
            md_inline(&cite.title),
            md_inline(&citation(cite)),
            count(notes.len(), "passage", "passages")
        );
    }
    out.push_str("\n## Passages\n");
    for (cite, notes) in articles {
        let stem = file_stem(cite);
        let _ = writeln!(out, "\n### [[{stem}|{}]]\n", md_inline(&cite.title));
        for a in notes {
            let quote = crate::core::doc::sanitize::one_line(a.quote.exact.trim());
            let _ = writeln!(
                out,
                "> {} [[{stem}#^gloss-{}|↗]]",
                md_inline(&quote),
                block_id(&a.id)
            );
            let body = crate::core::doc::sanitize::one_line(a.body.trim());
            if !body.is_empty() {
                let _ = writeln!(out, "\n{}", md_inline(&body));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{KEEP_MARKER}");
    out
}

/// One gloss JSON file out of per-article exports (each a `to_json` value), with the
/// article's id added to each.
pub fn merge_json(exported_at: &str, per_article: Vec<(i64, Value)>) -> String {
    let articles: Vec<Value> = per_article
        .into_iter()
        .map(|(id, mut v)| {
            if let Some(doc) = v.get_mut("document").and_then(Value::as_object_mut) {
                doc.insert("id".into(), json!(id));
            }
            v
        })
        .collect();
    let all = json!({
        "format": "gloss-library-annotations",
        "version": crate::core::doc::export::JSON_VERSION,
        "exported_at": exported_at,
        "position_units": "utf8-bytes",
        "articles": articles,
    });
    let mut s = escape_unsafe_json(&serde_json::to_string_pretty(&all).unwrap_or_default());
    s.push('\n');
    s
}

/// One W3C AnnotationCollection out of per-article collections (each a `to_w3c` value).
pub fn merge_w3c(label: &str, exported_at: &str, per_article: &[Value]) -> String {
    let items: Vec<Value> = per_article
        .iter()
        .filter_map(|c| c.pointer("/first/items").and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect();
    let id = format!(
        "urn:gloss:collection:library:{}",
        crate::core::doc::document::fingerprint(label)
    );
    let all = json!({
        "@context": W3C_CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "generator": { "id": "urn:gloss", "type": "Software", "name": "gloss" },
        "generated": exported_at,
        "total": items.len(),
        "first": { "type": "AnnotationPage", "startIndex": 0, "items": items },
    });
    let mut s = escape_unsafe_json(&serde_json::to_string_pretty(&all).unwrap_or_default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite() -> ArticleCite {
        ArticleCite {
            id: 7,
            title: "China, Russia: Deepen Ties!".into(),
            authors: vec!["Samuel Bendett".into(), "Elsa Kania".into()],
            outlet: Some("Defense One".into()),
            date: Some("October 4, 2019".into()),
            source: Some("https://example.org/a".into()),
        }
    }

    #[test]
    fn file_stems_are_slugs_with_the_id() {
        assert_eq!(file_stem(&cite()), "china-russia-deepen-ties-7");
        let untitled = ArticleCite {
            id: 3,
            title: "!!!".into(),
            ..ArticleCite::default()
        };
        assert_eq!(file_stem(&untitled), "article-3");
    }

    #[test]
    fn the_citation_names_what_is_known() {
        assert_eq!(
            citation(&cite()),
            "Samuel Bendett, Elsa Kania, “China, Russia: Deepen Ties!”, Defense One, October 4, 2019. https://example.org/a"
        );
    }

    #[test]
    fn the_citation_goes_under_the_heading_and_user_text_survives() {
        let md = "---\ntitle: \"x\"\n---\n\n# Notes on x\n\n> quote\n";
        let out = with_citation(md, &cite());
        let heading = out.find("# Notes on x").unwrap();
        let source = out.find("Source: ").unwrap();
        let quote = out.find("> quote").unwrap();
        assert!(heading < source && source < quote, "{out}");
        assert!(out.ends_with(&format!("{KEEP_MARKER}\n")));
        let edited = format!("{out}my own thoughts\n");
        assert_eq!(
            keep_user_part(&out, Some(&edited)),
            format!("{out}my own thoughts\n")
        );
        assert_eq!(keep_user_part(&out, None), out);
    }

    #[test]
    fn w3c_items_of_every_article_form_one_collection() {
        let a = json!({"first": {"items": [{"id": "a"}]}});
        let b = json!({"first": {"items": [{"id": "b"}, {"id": "c"}]}});
        let s = merge_w3c("t", "2026-01-01T00:00:00Z", &[a, b]);
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["total"], 3);
        assert_eq!(v["first"]["items"][2]["id"], "c");
    }
}
