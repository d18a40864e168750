//! DATE mentions resolved to calendar dates or intervals, relative to the article's own
//! publication date: `in May 2015` → `2015-05`, `last year` → `2018`, `Tuesday` → the nearest
//! Tuesday, `the past decade` → `2009/2019`. Pure: the publication date is an argument.
//!
//! A value that is one calendar unit is written in ISO 8601 reduced precision (`2019-10-04`,
//! `2015-05`, `2015`); anything longer is an ISO 8601 interval `start/end`, both ends inclusive
//! and in the same precision (`1960/1969`, `1898-06/1898-08`, `2019-01-21/2019-01-31`). A pure
//! duration (`five years`, `a fortnight`), a vague phrase (`the past few days`) or a relative
//! phrase without a publication date has no value.

use std::cmp::Ordering;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// A valid day, or `None` (`2019-02-30`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `n` days after 1970-01-01 (`civil_from_days`; the names are the algorithm's).
    #[allow(clippy::many_single_char_names)]
    pub fn from_ordinal(n: i64) -> Self {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Self {
            year: i32::try_from(y).unwrap_or(i32::MAX),
            month: u32::try_from(m).unwrap_or(1),
            day: u32::try_from(d).unwrap_or(1),
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        (self.ordinal() + 3).rem_euclid(7)
    }

    fn plus(self, days: i64) -> Self {
        Self::from_ordinal(self.ordinal() + days)
    }
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// How precisely a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
}

/// A resolved date: the first and last day it covers and the precision it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateValue {
    pub from: Day,
    pub to: Day,
    pub precision: Precision,
}

impl DateValue {
    fn day(d: Day) -> Self {
        Self {
            from: d,
            to: d,
            precision: Precision::Day,
        }
    }

    fn days(from: Day, to: Day) -> Self {
        Self {
            from,
            to,
            precision: Precision::Day,
        }
    }

    fn months(y0: i32, m0: u32, y1: i32, m1: u32) -> Option<Self> {
        Some(Self {
            from: Day::new(y0, m0, 1)?,
            to: Day::new(y1, m1, days_in_month(y1, m1))?,
            precision: Precision::Month,
        })
    }

    fn month(y: i32, m: u32) -> Option<Self> {
        Self::months(y, m, y, m)
    }

    fn years(y0: i32, y1: i32) -> Option<Self> {
        Some(Self {
            from: Day::new(y0, 1, 1)?,
            to: Day::new(y1, 12, 31)?,
            precision: Precision::Year,
        })
    }

    /// ISO 8601: reduced precision for one unit, `start/end` otherwise.
    pub fn iso(&self) -> String {
        let one = |d: Day| match self.precision {
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            Precision::Month => format!("{:04}-{:02}", d.year, d.month),
            Precision::Year => format!("{:04}", d.year),
        };
        let (a, b) = (one(self.from), one(self.to));
        if a == b { a } else { format!("{a}/{b}") }
    }

    /// Chronological order: by first day, then the shorter first.
    pub fn chronological(&self, other: &Self) -> Ordering {
        self.from.cmp(&other.from).then(self.to.cmp(&other.to))
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    (1u32..)
        .zip(MONTHS)
        .find(|(_, m)| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|(i, _)| i)
}

fn weekday_of(w: &str) -> Option<i64> {
    (0i64..)
        .zip(WEEKDAYS)
        .find(|(_, d)| *d == w)
        .map(|(i, _)| i)
}

fn number(w: &str) -> Option<i32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Ok(n) = w.parse::<i32>() {
        return Some(n);
    }
    match w {
        "a" | "an" => Some(1),
        "couple" => Some(2),
        _ => (0i32..).zip(WORDS).find(|(_, x)| *x == w).map(|(i, _)| i),
    }
}

fn year_of(w: &str) -> Option<i32> {
    let w = w.trim_end_matches([',', '.']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2999).contains(y))
}

fn day_of(w: &str) -> Option<u32> {
    let w = w
        .trim_end_matches(',')
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th");
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The words of a mention: lower-case, possessives and edge punctuation dropped, `-` split.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['’', '\u{2019}'], "'")
        .replace("'s", "")
        .split(|c: char| c.is_whitespace() || c == '-' || c == '—' || c == '–')
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, ',' | '(' | ')' | '"' | '“' | '”' | ':' | ';'))
        })
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Which part of a period a modifier keeps: early, mid, late (thirds), or all of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    All,
    Early,
    Mid,
    Late,
}

fn part_of(w: &str) -> Option<Part> {
    match w {
        "early" | "earlier" | "beginning" => Some(Part::Early),
        "mid" | "middle" => Some(Part::Mid),
        "late" | "later" | "end" => Some(Part::Late),
        _ => None,
    }
}

/// The years `y0..=y1` cut to a part (thirds, rounded to whole years).
fn part_years(y0: i32, y1: i32, part: Part) -> Option<DateValue> {
    let n = y1 - y0 + 1;
    let third = n / 3;
    match part {
        Part::All => DateValue::years(y0, y1),
        Part::Early => DateValue::years(y0, y0 + third.max(1) - 1),
        Part::Mid => DateValue::years(y0 + third, y1 - third),
        Part::Late => DateValue::years(y1 - third.max(1) + 1, y1),
    }
}

/// The month `m` of year `y` cut to a part (days 1–10, 11–20, 21–end).
fn part_month(y: i32, m: u32, part: Part) -> Option<DateValue> {
    let last = days_in_month(y, m);
    let (a, b) = match part {
        Part::All => return DateValue::month(y, m),
        Part::Early => (1, 10),
        Part::Mid => (11, 20),
        Part::Late => (21, last),
    };
    Some(DateValue::days(Day::new(y, m, a)?, Day::new(y, m, b)?))
}

/// Seasons as meteorological months of the northern hemisphere (winter starts in December).
fn season_of(w: &str) -> Option<u32> {
    match w {
        "spring" => Some(3),
        "summer" => Some(6),
        "fall" | "autumn" => Some(9),
        "winter" => Some(12),
        _ => None,
    }
}

fn season(y: i32, start: u32) -> Option<DateValue> {
    if start == 12 {
        DateValue::months(y, 12, y + 1, 2)
    } else {
        DateValue::months(y, start, y, start + 2)
    }
}

/// Parses an absolute date (`October 4, 2019`, `4 October 2019`, `Feb. 21, 2019`,
/// `2019-10-04`): the form a dateline gives the publication date in.
pub fn parse_day(text: &str) -> Option<Day> {
    let t = text.trim();
    if let [y, m, d] = t.split('-').collect::<Vec<_>>()[..]
        && y.len() == 4
    {
        let d = d.get(..2).unwrap_or(d);
        return Day::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    match resolve(t, None) {
        Some(v) if v.precision == Precision::Day && v.from == v.to => Some(v.from),
        _ => None,
    }
}

/// Resolves a DATE mention against the publication date `published` (`None`: only absolute
/// dates resolve).
#[allow(clippy::too_many_lines, clippy::many_single_char_names)]
pub fn resolve(text: &str, published: Option<Day>) -> Option<DateValue> {
    let mut w = words(text);
    // leading words that do not change the date
    while w.first().is_some_and(|x| {
        matches!(
            x.as_str(),
            "the"
                | "in"
                | "on"
                | "since"
                | "by"
                | "during"
                | "from"
                | "of"
                | "until"
                | "through"
                | "around"
                | "about"
                | "circa"
                | "c."
                | "as"
                | "at"
        )
    }) {
        w.remove(0);
    }
    let ws: Vec<&str> = w.iter().map(String::as_str).collect();
    let p = published;
    let py = p.map(|d| d.year);

    // 9/11 and numeric M/D/YYYY
    if let [one] = ws[..] {
        if one == "9/11" {
            return Some(DateValue::day(Day::new(2001, 9, 11)?));
        }
        if let [m, d, y] = one.split('/').collect::<Vec<_>>()[..]
            && y.len() == 4
        {
            return Some(DateValue::day(Day::new(
                y.parse().ok()?,
                m.parse().ok()?,
                d.parse().ok()?,
            )?));
        }
    }
    // year ranges: 2011 to 2013, between 2011 and 2013, 2011-2013
    let years: Vec<i32> = ws.iter().filter_map(|x| year_of(x)).collect();
    if years.len() == 2
        && ws.len() <= 4
        && ws.iter().all(|x| {
            year_of(x).is_some() || matches!(*x, "to" | "and" | "between" | "until" | "through")
        })
    {
        return DateValue::years(years[0], years[1]);
    }
    match ws[..] {
        // today and its parts
        ["today" | "tonight" | "now"]
        | [
            "this",
            "morning" | "afternoon" | "evening" | "week's" | "day",
        ] => {
            return Some(DateValue::day(p?));
        }
        ["yesterday", ..] => return Some(DateValue::day(p?.plus(-1))),
        ["tomorrow", ..] => return Some(DateValue::day(p?.plus(1))),
        _ => {}
    }
    // a year alone
    if let [y] = ws[..]
        && let Some(y) = year_of(y)
    {
        return DateValue::years(y, y);
    }
    // decades and centuries: the 1960s, the early 1900s, the '90s
    let (part, rest) = match ws.first().and_then(|x| part_of(x)) {
        Some(pt) => (pt, &ws[1..]),
        None => (Part::All, &ws[..]),
    };
    if let [d] = rest
        && let Some(num) = d.strip_suffix('s')
        && let Some(y) = year_of(num)
    {
        return if y % 100 == 0 {
            part_years(y, y + 99, part)
        } else if y % 10 == 0 {
            part_years(y, y + 9, part)
        } else {
            None
        };
    }
    // the 20th century, 20th-century, the nineteenth century
    if let [ord, "century", ..] = rest {
        let n: i32 = ord
            .trim_end_matches(|c: char| c.is_alphabetic())
            .parse()
            .ok()
            .or_else(|| ordinal_word(ord))?;
        return part_years(100 * (n - 1) + 1, 100 * n, part);
    }
    // month forms: May 2015, October 4, 2019, 4 October 2019, early March, this past January
    if let Some(v) = month_forms(&ws, p) {
        return Some(v);
    }
    // seasons: the summer of 1898, last fall, this fall, later this fall, summer 2015
    let seasoned: Vec<&str> = ws
        .iter()
        .copied()
        .filter(|x| !matches!(*x, "later" | "earlier" | "of" | "early" | "late"))
        .collect();
    if let Some(start) = seasoned.iter().find_map(|x| season_of(x)) {
        let year = seasoned.iter().find_map(|x| year_of(x));
        let y = match (year, seasoned.first().copied()) {
            (Some(y), _) => y,
            (None, Some("last" | "past")) => {
                // the most recent season that has ended
                let pd = p?;
                match start {
                    12 if pd.month <= 2 => pd.year - 2,
                    12 => pd.year - 1,
                    _ if pd.month > start + 2 => pd.year,
                    _ => pd.year - 1,
                }
            }
            (None, Some("next")) => {
                let pd = p?;
                if pd.month >= start {
                    pd.year + 1
                } else {
                    pd.year
                }
            }
            (None, Some("this")) => {
                let pd = p?;
                if start == 12 && pd.month <= 2 {
                    pd.year - 1
                } else {
                    pd.year
                }
            }
            _ => return None,
        };
        return season(y, start);
    }
    // weekdays: Wednesday, last Friday, next Sunday, Wednesday afternoon
    if let Some((i, wd)) = ws
        .iter()
        .enumerate()
        .find_map(|(i, x)| weekday_of(x).map(|d| (i, d)))
    {
        let pd = p?;
        let back = (pd.weekday() - wd).rem_euclid(7);
        let ahead = (wd - pd.weekday()).rem_euclid(7);
        let before = i.checked_sub(1).and_then(|k| ws.get(k)).copied();
        let delta = match before {
            Some("last" | "past") => -(if back == 0 { 7 } else { back }),
            Some("next" | "coming") => {
                if ahead == 0 {
                    7
                } else {
                    ahead
                }
            }
            _ if back <= ahead => -back,
            _ => ahead,
        };
        return Some(DateValue::day(pd.plus(delta)));
    }
    // this/last/next week, month, year, decade
    if let [rel, unit] = ws[..] {
        let k = match rel {
            "this" | "current" => 0,
            "last" | "past" | "previous" => -1,
            "next" | "coming" => 1,
            _ => return relative_span(&ws, p),
        };
        let pd = p?;
        return match unit {
            "week" => {
                let monday = pd.plus(-pd.weekday() + 7 * k);
                Some(DateValue::days(monday, monday.plus(6)))
            }
            "month" => {
                let (y, m) = add_months(pd.year, pd.month, i32::try_from(k).ok()?);
                DateValue::month(y, m)
            }
            "year" => {
                let y = pd.year + i32::try_from(k).ok()?;
                DateValue::years(y, y)
            }
            "decade" if k == -1 => DateValue::years(pd.year - 10, pd.year),
            "decade" if k == 1 => DateValue::years(pd.year, pd.year + 10),
            "century" if k == -1 => DateValue::years(pd.year - 100, pd.year),
            _ => None,
        };
    }
    // earlier this year, later this month
    if let [_, "this", unit] = ws[..] {
        return resolve(&format!("this {unit}"), p);
    }
    relative_span(&ws, py.and(p))
}

fn ordinal_word(w: &str) -> Option<i32> {
    const ORD: [&str; 21] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    (0i32..)
        .zip(ORD)
        .skip(1)
        .find(|(_, o)| *o == w)
        .map(|(i, _)| i)
}

fn add_months(y: i32, m: u32, k: i32) -> (i32, u32) {
    let idx = y * 12 + i32::try_from(m).unwrap_or(1) - 1 + k;
    (
        idx.div_euclid(12),
        u32::try_from(idx.rem_euclid(12)).unwrap_or(0) + 1,
    )
}

/// `N units ago`, `the past N years`, `the next five years`, `the past decade`.
fn relative_span(ws: &[&str], p: Option<Day>) -> Option<DateValue> {
    let pd = p?;
    let unit_years = |u: &str| -> Option<i32> {
        match u.trim_end_matches('s') {
            "year" => Some(1),
            "decade" => Some(10),
            "century" | "centurie" => Some(100),
            _ => None,
        }
    };
    match ws {
        // N units ago
        [n @ .., unit, "ago"] => {
            let n = match n {
                [] => 1,
                [x] | ["about" | "nearly" | "almost" | "some" | "over", x] => number(x)?,
                _ => return None,
            };
            if let Some(k) = unit_years(unit) {
                let y = pd.year - n * k;
                return DateValue::years(y, y);
            }
            match unit.trim_end_matches('s') {
                "month" => {
                    let (y, m) = add_months(pd.year, pd.month, -n);
                    DateValue::month(y, m)
                }
                "week" => Some(DateValue::day(pd.plus(-7 * i64::from(n)))),
                "day" => Some(DateValue::day(pd.plus(-i64::from(n)))),
                _ => None,
            }
        }
        // the past/last/next N units
        [dir @ ("past" | "last" | "next" | "coming"), n @ .., unit] => {
            let n = match n {
                [] => 1,
                [x] => number(x)?,
                _ => return None,
            };
            let back = matches!(*dir, "past" | "last");
            if let Some(k) = unit_years(unit) {
                let span = n * k;
                return if back {
                    DateValue::years(pd.year - span, pd.year)
                } else {
                    DateValue::years(pd.year, pd.year + span)
                };
            }
            match unit.trim_end_matches('s') {
                "month" => {
                    let (y, m) = add_months(pd.year, pd.month, if back { -n } else { n });
                    if back {
                        DateValue::months(y, m, pd.year, pd.month)
                    } else {
                        DateValue::months(pd.year, pd.month, y, m)
                    }
                }
                "week" | "day" if n > 1 || unit.ends_with('s') => {
                    let days = i64::from(n) * if unit.starts_with("week") { 7 } else { 1 };
                    Some(if back {
                        DateValue::days(pd.plus(-days), pd)
                    } else {
                        DateValue::days(pd, pd.plus(days))
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Month names with or without day and year, with early/mid/late and last/this/next.
fn month_forms(ws: &[&str], p: Option<Day>) -> Option<DateValue> {
    let mi = ws.iter().position(|x| month_of(x).is_some())?;
    // "may" alone is too often the verb: recognised DATE spans only reach here, but keep
    // "May" needing a year or day beside it unless it is the whole mention
    let m = month_of(ws[mi])?;
    let before: Vec<&str> = ws[..mi].to_vec();
    let after: Vec<&str> = ws[mi + 1..].to_vec();
    let year = after.iter().chain(&before).find_map(|x| year_of(x));
    let day = after
        .first()
        .and_then(|x| day_of(x))
        .or_else(|| before.last().and_then(|x| day_of(x)));
    let part = before.iter().find_map(|x| part_of(x)).unwrap_or(Part::All);
    let rel = before
        .iter()
        .find(|x| matches!(**x, "last" | "past" | "next" | "this" | "coming"))
        .copied();
    if before.iter().any(|x| {
        !matches!(
            *x,
            "early"
                | "mid"
                | "middle"
                | "late"
                | "last"
                | "past"
                | "next"
                | "this"
                | "coming"
                | "of"
                | "end"
                | "beginning"
        ) && day_of(x).is_none()
    }) || after
        .iter()
        .any(|x| year_of(x).is_none() && day_of(x).is_none())
    {
        return None;
    }
    #[allow(clippy::single_match_else)]
    let y = match year {
        Some(y) => y,
        None => {
            let pd = p?;
            let back = pd.year - i32::from(m > pd.month);
            let ahead = pd.year + i32::from(m < pd.month);
            match rel {
                Some("last" | "past") => {
                    if m < pd.month {
                        pd.year
                    } else {
                        pd.year - 1
                    }
                }
                Some("next" | "coming") => {
                    if m > pd.month {
                        pd.year
                    } else {
                        pd.year + 1
                    }
                }
                Some("this") => pd.year,
                _ => {
                    // the nearest occurrence; a tie goes to the past
                    let dist = |y: i32| {
                        ((y - pd.year) * 12 + i32::try_from(m).unwrap_or(1)
                            - i32::try_from(pd.month).unwrap_or(1))
                        .abs()
                    };
                    if dist(back) <= dist(ahead) {
                        back
                    } else {
                        ahead
                    }
                }
            }
        }
    };
    match day {
        Some(d) => Some(DateValue::day(Day::new(y, m, d)?)),
        None => part_month(y, m, part),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(published: &str, text: &str) -> Option<String> {
        resolve(text, parse_day(published)).map(|v| v.iso())
    }

    #[test]
    fn ordinals_round_trip_and_weekdays_are_right() {
        let d = Day::new(2019, 10, 4).unwrap();
        assert_eq!(Day::from_ordinal(d.ordinal()), d);
        assert_eq!(Day::new(1970, 1, 1).unwrap().ordinal(), 0);
        assert_eq!(d.weekday(), 4, "4 October 2019 was a Friday");
        assert_eq!(
            Day::from_ordinal(Day::new(2016, 2, 28).unwrap().ordinal() + 1),
            Day::new(2016, 2, 29).unwrap()
        );
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(at("", "October 4, 2019").as_deref(), Some("2019-10-04"));
        assert_eq!(at("", "Feb. 21, 2019").as_deref(), Some("2019-02-21"));
        assert_eq!(at("", "4 October 2019").as_deref(), Some("2019-10-04"));
        assert_eq!(at("", "May 2015").as_deref(), Some("2015-05"));
        assert_eq!(at("", "2013").as_deref(), Some("2013"));
        assert_eq!(at("", "2011 to 2013").as_deref(), Some("2011/2013"));
        assert_eq!(at("", "the 1960s").as_deref(), Some("1960/1969"));
        assert_eq!(at("", "the late 1800s").as_deref(), Some("1867/1899"));
        assert_eq!(at("", "the 20th century").as_deref(), Some("1901/2000"));
        assert_eq!(
            at("", "the summer of 1898").as_deref(),
            Some("1898-06/1898-08")
        );
        assert_eq!(at("", "9/11").as_deref(), Some("2001-09-11"));
    }

    #[test]
    fn relative_dates_use_the_publication_date() {
        let p = "October 4, 2019"; // a Friday
        assert_eq!(at(p, "today").as_deref(), Some("2019-10-04"));
        assert_eq!(at(p, "last year").as_deref(), Some("2018"));
        assert_eq!(at(p, "This month").as_deref(), Some("2019-10"));
        assert_eq!(at(p, "September").as_deref(), Some("2019-09"));
        assert_eq!(at(p, "Tuesday").as_deref(), Some("2019-10-01"));
        assert_eq!(at(p, "Sunday").as_deref(), Some("2019-10-06"));
        assert_eq!(at(p, "last Friday").as_deref(), Some("2019-09-27"));
        assert_eq!(at(p, "this week").as_deref(), Some("2019-09-30/2019-10-06"));
        assert_eq!(at(p, "the past decade").as_deref(), Some("2009/2019"));
        assert_eq!(at(p, "four years ago").as_deref(), Some("2015"));
        assert_eq!(
            at(p, "late January").as_deref(),
            Some("2020-01-21/2020-01-31")
        );
        assert_eq!(at(p, "last fall").as_deref(), Some("2018-09/2018-11"));
    }

    #[test]
    fn durations_vague_phrases_and_missing_anchors_have_no_value() {
        assert_eq!(at("October 4, 2019", "five years"), None);
        assert_eq!(at("October 4, 2019", "a fortnight"), None);
        assert_eq!(at("October 4, 2019", "the past few days"), None);
        assert_eq!(at("", "last year"), None);
    }

    #[test]
    fn chronological_order_puts_the_earlier_first() {
        let a = resolve("1960s", None).unwrap();
        let b = resolve("May 2015", None).unwrap();
        assert_eq!(a.chronological(&b), Ordering::Less);
    }
}
