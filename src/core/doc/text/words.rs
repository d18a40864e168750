//! Word lists more than one part of the domain reads: month and weekday names, as written in
//! English running text. One list each, so plain-text datelines and the entity recogniser
//! agree on what a month is. Pure data.

/// Month names and their abbreviations as written with a full stop (`May` has none), in the
/// case they take in running text.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
];

/// Weekday names, Monday first.
pub const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Whether `lower` (already lower-cased, without trailing punctuation) is a month name or an
/// abbreviation written without its full stop (`sept`, `oct`).
#[must_use]
pub fn is_lowercase_month(lower: &str) -> bool {
    MONTHS
        .iter()
        .any(|m| m.trim_end_matches('.').eq_ignore_ascii_case(lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_match_with_or_without_the_full_stop() {
        for w in ["january", "may", "sept", "sep", "dec"] {
            assert!(is_lowercase_month(w), "{w}");
        }
        for w in ["mai", "ja", "decembers", ""] {
            assert!(!is_lowercase_month(w), "{w}");
        }
    }
}
