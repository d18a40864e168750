//! The user's configuration, parsed from TOML text (the shell reads the file).
//!
//! ```toml
//! width = 72                 # reading measure in cells (20..=1000), default 80
//! network = true             # false: never fetch URLs (snapshots still open)
//! [theme]                    # colours by slot: a name ("cyan", "darkgray") or "#rrggbb"
//! accent = "#5fafff"
//! [keys]                     # overrides merged onto the default keymap (normal table)
//! "ctrl-n" = "scroll_down"
//! "q" = "none"               # unbind
//! [keys.sections]            # other tables: sections, search, help
//! "x" = "fold"
//! [tags]                     # tag colours ("#rrggbb"); other tags get one from their name
//! china = "#e06c75"
//! [fetch]                    # limits for fetching a URL
//! connect_timeout = 10       # seconds
//! timeout = 30               # seconds, the whole page
//! max_size_mb = 20
//! ```
//!
//! Parsing is pure and strict: an unknown key, a wrong type or a bad value is an error that
//! names the line and the key, because a silently ignored setting is worse than a clear refusal.
//! The parser works on toml's spanned tree so every error can point at its line.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::core::app::color::Color;
use crate::core::app::keymap::{KeyMode, Keymap};

/// Default reading measure in cells.
pub const DEFAULT_WIDTH: u16 = 80;

/// The theme slots a config may set, with what each colours.
pub const THEME_SLOTS: &[(&str, &str)] = &[
    ("accent", "focused border, selection, current section"),
    ("border", "unfocused borders"),
    ("text", "body text"),
    ("dim", "secondary text (metadata, hints)"),
    ("heading", "headings"),
    ("link", "links"),
    ("code", "inline code and code blocks"),
    ("search_match", "background of search matches"),
    ("status_fg", "status bar text"),
    ("status_bg", "status bar background"),
];

/// A parsed configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Reading measure in cells.
    pub width: u16,
    /// Theme colours by slot name (only the slots the user set).
    pub theme: BTreeMap<String, Color>,
    /// The default keymap with the user's overrides merged on top.
    pub keymap: Keymap,
    /// Tag colours the user chose (`"#rrggbb"` by tag name).
    pub tags: BTreeMap<String, String>,
    /// Whether and how URLs are fetched (`network`, `[fetch]`).
    pub fetch: FetchConfig,
}

/// Fetch limits: `network = false` forbids fetching; `[fetch]` sets `connect_timeout` and
/// `timeout` (seconds) and `max_size_mb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    pub network: bool,
    pub connect_timeout: std::time::Duration,
    /// The whole request, body included.
    pub timeout: std::time::Duration,
    /// Pages larger than this are refused.
    pub max_bytes: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            network: true,
            connect_timeout: std::time::Duration::from_secs(10),
            timeout: std::time::Duration::from_secs(30),
            max_bytes: 20 << 20,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            width: DEFAULT_WIDTH,
            theme: BTreeMap::new(),
            keymap: Keymap::default(),
            tags: BTreeMap::new(),
            fetch: FetchConfig::default(),
        }
    }
}

/// What is wrong with a config file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", key.as_ref().map(|k| format!(", key `{k}`")).unwrap_or_default())]
pub struct ConfigError {
    /// 1-based line of the offending key or syntax error.
    pub line: usize,
    /// The dotted key the error is about, when there is one (`theme.accent`).
    pub key: Option<String>,
    pub message: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.bytes().take(end).filter(|&b| b == b'\n').count() + 1
}

struct Ctx<'t> {
    text: &'t str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError {
            line: line_of(self.text, span.start),
            key: Some(key.to_owned()),
            message: message.into(),
        }
    }
}

impl Config {
    /// Parses a config file's text.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let root = DeTable::parse(text).map_err(|e| ConfigError {
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            key: None,
            message: e.message().trim().to_owned(),
        })?;
        let cx = Ctx { text };
        let mut config = Config::default();
        for (key, value) in root.get_ref() {
            let name = key.get_ref().as_ref();
            match name {
                "width" => config.width = parse_width(&cx, key, value)?,
                "theme" => parse_theme(&cx, value, &mut config.theme)?,
                "keys" => parse_keys(&cx, value, KeyMode::Normal, "keys", &mut config.keymap)?,
                "tags" => parse_tags(&cx, value, &mut config.tags)?,
                "network" => {
                    config.fetch.network = value
                        .get_ref()
                        .as_bool()
                        .ok_or_else(|| cx.err(key.span(), "network", "must be true or false"))?;
                }
                "fetch" => parse_fetch(&cx, value, &mut config.fetch)?,
                _ => {
                    return Err(cx.err(
                        key.span(),
                        name,
                        "unknown setting (expected width, network, [theme], [keys], [tags] or [fetch])",
                    ));
                }
            }
        }
        Ok(config)
    }
}

fn parse_width(
    cx: &Ctx<'_>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) -> Result<u16, ConfigError> {
    let bad = || {
        cx.err(
            key.span(),
            "width",
            "must be a whole number of cells from 20 to 1000",
        )
    };
    let DeValue::Integer(i) = value.get_ref() else {
        return Err(bad());
    };
    let n = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).map_err(|_| bad())?;
    match u16::try_from(n) {
        Ok(w) if (20..=1000).contains(&w) => Ok(w),
        _ => Err(bad()),
    }
}

/// `[fetch]`: `connect_timeout` and `timeout` in seconds, `max_size_mb`.
fn parse_fetch(
    cx: &Ctx<'_>,
    value: &Spanned<DeValue<'_>>,
    fetch: &mut FetchConfig,
) -> Result<(), ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(cx.err(value.span(), "fetch", "must be a table ([fetch])"));
    };
    for (key, v) in table {
        let name = key.get_ref().as_ref();
        let dotted = format!("fetch.{name}");
        let number = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .map(f64::from),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|n| n.is_finite() && *n > 0.0 && *n <= 100_000.0)
        .ok_or_else(|| cx.err(v.span(), &dotted, "must be a positive number"))?;
        match name {
            "connect_timeout" => fetch.connect_timeout = std::time::Duration::from_secs_f64(number),
            "timeout" => fetch.timeout = std::time::Duration::from_secs_f64(number),
            // at most 100 000 MB, checked above, so the product fits
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            "max_size_mb" => fetch.max_bytes = (number * 1_048_576.0) as u64,
            _ => {
                return Err(cx.err(
                    key.span(),
                    &dotted,
                    "unknown setting (expected connect_timeout, timeout or max_size_mb)",
                ));
            }
        }
    }
    Ok(())
}

/// `[tags]`: `name = "#rrggbb"`.
fn parse_tags(
    cx: &Ctx<'_>,
    value: &Spanned<DeValue<'_>>,
    tags: &mut BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(cx.err(value.span(), "tags", "must be a table ([tags])"));
    };
    for (tag, colour) in table {
        let name = tag.get_ref().as_ref();
        let hex = colour.get_ref().as_str().filter(|s| {
            s.len() == 7 && s.starts_with('#') && s.chars().skip(1).all(|c| c.is_ascii_hexdigit())
        });
        match hex {
            Some(h) => {
                tags.insert(name.to_owned(), h.to_ascii_lowercase());
            }
            None => {
                return Err(cx.err(
                    colour.span(),
                    &format!("tags.{name}"),
                    "must be a colour like \"#e06c75\"",
                ));
            }
        }
    }
    Ok(())
}

fn parse_theme(
    cx: &Ctx<'_>,
    value: &Spanned<DeValue<'_>>,
    theme: &mut BTreeMap<String, Color>,
) -> Result<(), ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(cx.err(value.span(), "theme", "must be a table ([theme])"));
    };
    for (slot, colour) in table {
        let slot_name = slot.get_ref().as_ref();
        let dotted = format!("theme.{slot_name}");
        if !THEME_SLOTS.iter().any(|(s, _)| *s == slot_name) {
            let known: Vec<&str> = THEME_SLOTS.iter().map(|(s, _)| *s).collect();
            return Err(cx.err(
                slot.span(),
                &dotted,
                format!("unknown colour slot (expected one of {})", known.join(", ")),
            ));
        }
        let parsed = colour
            .get_ref()
            .as_str()
            .and_then(Color::parse)
            .ok_or_else(|| {
                cx.err(
                    slot.span(),
                    &dotted,
                    "not a colour (use a name such as \"cyan\", \"#rrggbb\" or a 0-255 index)",
                )
            })?;
        theme.insert(slot_name.to_owned(), parsed);
    }
    Ok(())
}

fn parse_keys(
    cx: &Ctx<'_>,
    value: &Spanned<DeValue<'_>>,
    mode: KeyMode,
    path: &str,
    keymap: &mut Keymap,
) -> Result<(), ConfigError> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err(cx.err(
            value.span(),
            path,
            "must be a table of \"key\" = \"action\"",
        ));
    };
    for (key, action) in table {
        let key_name = key.get_ref().as_ref();
        let dotted = format!("{path}.{key_name}");
        match action.get_ref() {
            DeValue::Table(_) if mode == KeyMode::Normal => {
                let sub = KeyMode::from_name(key_name).ok_or_else(|| {
                    cx.err(
                        key.span(),
                        &dotted,
                        "unknown key table (expected normal, sections, sidebar, search or help)",
                    )
                })?;
                parse_keys(cx, action, sub, &dotted, keymap)?;
            }
            DeValue::String(name) => {
                keymap
                    .bind(mode, key_name, name)
                    .map_err(|e| cx.err(key.span(), &dotted, e.to_string()))?;
            }
            _ => {
                return Err(cx.err(key.span(), &dotted, "must be an action name in quotes"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::app::key::Key;
    use crate::core::app::messages::Action;

    #[test]
    fn network_and_fetch_limits_are_read_and_checked() {
        let c = Config::parse(
            "network = false\n[fetch]\nconnect_timeout = 2\ntimeout = 2.5\nmax_size_mb = 1\n",
        )
        .unwrap();
        assert!(!c.fetch.network);
        assert_eq!(c.fetch.connect_timeout, std::time::Duration::from_secs(2));
        assert_eq!(c.fetch.timeout, std::time::Duration::from_millis(2500));
        assert_eq!(c.fetch.max_bytes, 1 << 20);
        assert!(Config::default().fetch.network);
        assert_eq!(Config::default().fetch.max_bytes, 20 << 20);
        let e = Config::parse("[fetch]\ntimeout = -1\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("fetch.timeout")));
        let e = Config::parse("network = \"no\"\n").unwrap_err();
        assert_eq!(e.key.as_deref(), Some("network"));
        assert!(Config::parse("[fetch]\nretries = 3\n").is_err());
    }

    #[test]
    fn tag_colours_are_read_and_checked() {
        let c = Config::parse("[tags]\nChina = \"#E06C75\"\n").unwrap();
        assert_eq!(c.tags["China"], "#e06c75");
        let e = Config::parse("[tags]\n\nchina = \"red\"\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.key.as_deref(), Some("tags.china"));
    }

    #[test]
    fn empty_config_is_the_default() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(Config::default().width, 80);
    }

    #[test]
    fn parses_width_theme_and_keys() {
        let c = Config::parse(
            "width = 72\n[theme]\naccent = \"#ff8800\"\nborder = \"dark-gray\"\n\
             [keys]\n\"ctrl-n\" = \"scroll_down\"\nq = \"none\"\n[keys.sections]\nx = \"fold\"\n",
        )
        .unwrap();
        assert_eq!(c.width, 72);
        assert_eq!(c.theme["accent"], Color::Rgb(0xff, 0x88, 0));
        assert_eq!(c.theme["border"], Color::DarkGray);
        let n = [KeyMode::Normal];
        assert_eq!(
            c.keymap.resolve(&n, Key::ctrl('n')),
            Some(Action::ScrollDown(1))
        );
        assert_eq!(c.keymap.resolve(&n, Key::char('q')), None);
        assert_eq!(
            c.keymap.resolve(&[KeyMode::Sections], Key::char('x')),
            Some(Action::Fold)
        );
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let e = Config::parse("# comment\nwidth = 5\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.key.as_deref(), Some("width"));
        assert!(e.to_string().starts_with("line 2, key `width`:"), "{e}");

        let e = Config::parse("[theme]\n\naccent = \"blurple\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (3, Some("theme.accent")));

        let e = Config::parse("[keys]\nj = \"fly\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("keys.j")));
        assert!(e.message.contains("unknown action `fly`"), "{}", e.message);

        let e = Config::parse("[keys]\n\"hyper-j\" = \"quit\"\n").unwrap_err();
        assert_eq!(e.line, 2);

        let e = Config::parse("width = 80\ncolour = 1\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("colour")));

        let e = Config::parse("[theme]\nnonsense = \"red\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (2, Some("theme.nonsense")));
    }

    #[test]
    fn syntax_errors_carry_their_line() {
        let e = Config::parse("width = 80\n\n[keys\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.key, None);
        assert!(!e.message.is_empty());
    }

    #[test]
    fn colours_parse_by_name_hex_and_index() {
        assert_eq!(Color::parse("Light Blue"), Some(Color::LightBlue));
        assert_eq!(Color::parse("#abc"), Some(Color::Rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(Color::parse("208"), Some(Color::Indexed(208)));
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("#gg0000"), None);
        assert_eq!(Color::parse("chartreuse-ish"), None);
    }
}
