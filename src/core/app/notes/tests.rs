//! The notes model's pure helpers: hashtags, filters, excerpts.

use super::*;
use crate::core::doc::annotation::TextQuote;

#[test]
fn hashtags_are_found_in_note_bodies() {
    assert_eq!(
        hashtags("Compare with #China's view, see #sanctions. #"),
        ["china's", "sanctions"]
    );
    assert!(hashtags("no tags here").is_empty());
}

#[test]
fn filter_matches_text_and_tags() {
    let a = Annotation {
        id: "1".into(),
        doc: DocRef::default(),
        quote: TextQuote {
            exact: "The Kremlin said".into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        position: (0..16).into(),
        tags: vec!["russia".into()],
        body: "Important".into(),
        color: None,
        created: String::new(),
        modified: String::new(),
        original: None,
        placement: crate::core::doc::annotation::Placement::Confirmed,
        similarity: None,
        revision: 0,
    };
    assert!(matches_filter(&a, ""));
    assert!(matches_filter(&a, "kremlin"));
    assert!(matches_filter(&a, "important"));
    assert!(matches_filter(&a, "#rus"));
    assert!(!matches_filter(&a, "#china"));
    assert!(!matches_filter(&a, "beijing"));
}

#[test]
fn excerpts_are_one_short_line() {
    assert_eq!(excerpt("a\nb", 10), "a b");
    assert_eq!(excerpt("abcdefghij", 4), "abcd…");
}
