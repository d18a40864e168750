//! gloss's own key type, independent of any terminal library.
//!
//! The shell converts terminal events into [`Key`] at the edge (`tui/event.rs`); everything
//! after that — the keymap, the config file, tests and the help overlay — speaks `Key`. Keys
//! also parse from and print to short strings (`"ctrl-f"`, `"G"`, `"space"`, `"S-tab"`), which
//! is the syntax of the `[keys]` table in the config file and of the key-string test helper.
//!
//! Normalisation: a printable character carries its own case, so `G` is `Char('G')` with no
//! Shift modifier, and Shift-Tab is [`KeyCode::BackTab`]. Two keys are equal exactly when a
//! terminal would report the same key press.

use std::fmt;
use std::str::FromStr;

/// Which key was pressed, without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    /// Shift-Tab.
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    Delete,
    /// Function keys F1..=F12.
    F(u8),
}

bitflags::bitflags! {
    /// Modifier keys held with a key.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct Modifiers: u8 {
        const SHIFT = 1;
        const CTRL = 1 << 1;
        const ALT = 1 << 2;
    }
}

/// A key press: a code plus modifiers, normalised (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Modifiers,
}

impl Key {
    /// A key with the given modifiers, normalised: Shift is folded into printable characters
    /// and into Tab (→ `BackTab`).
    pub fn new(code: KeyCode, mods: Modifiers) -> Self {
        let (code, mods) = match code {
            KeyCode::Char(c) if mods.contains(Modifiers::SHIFT) => {
                // Terminals report Shift-g as 'G' + SHIFT; some report 'g' + SHIFT.
                let upper = c.to_uppercase().next().unwrap_or(c);
                (KeyCode::Char(upper), mods - Modifiers::SHIFT)
            }
            KeyCode::Tab if mods.contains(Modifiers::SHIFT) => {
                (KeyCode::BackTab, mods - Modifiers::SHIFT)
            }
            KeyCode::BackTab => (KeyCode::BackTab, mods - Modifiers::SHIFT),
            other => (other, mods),
        };
        Self { code, mods }
    }

    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: Modifiers::empty(),
        }
    }

    /// A printable character with no modifiers.
    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// Ctrl plus a character.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: Modifiers::CTRL,
        }
    }

    /// The character this key types into a text prompt, if any (no Ctrl/Alt).
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.mods.intersects(Modifiers::CTRL | Modifiers::ALT) => Some(c),
            _ => None,
        }
    }
}

/// Why a key string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    /// The string was empty.
    #[error("empty key")]
    Empty,
    /// A modifier prefix other than ctrl/alt/shift (or C-/A-/S-/M-).
    #[error("unknown modifier `{0}` (use ctrl-, alt- or shift-)")]
    UnknownModifier(String),
    /// The key name is not a single character nor a known name such as `pagedown`.
    #[error("unknown key `{0}`")]
    UnknownKey(String),
}

fn named_code(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" | "ret" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "backspace" | "bs" => KeyCode::Backspace,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" | "spc" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "insert" | "ins" => KeyCode::Insert,
        "delete" | "del" => KeyCode::Delete,
        "minus" => KeyCode::Char('-'),
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        _ => {
            let n = lower.strip_prefix('f')?.parse::<u8>().ok()?;
            if (1..=12).contains(&n) {
                KeyCode::F(n)
            } else {
                return None;
            }
        }
    })
}

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(KeyParseError::Empty);
        }
        let mut mods = Modifiers::empty();
        let mut rest = s;
        // A single character is always the key itself, even `-`.
        while rest.chars().count() > 1 {
            let Some((prefix, tail)) = rest.split_once('-') else {
                break;
            };
            if tail.is_empty() {
                // "ctrl--": the key is '-'.
                if let Some(t) = rest.strip_suffix("--") {
                    mods |= modifier(t)?;
                    rest = "-";
                    break;
                }
                return Err(KeyParseError::UnknownKey(s.to_owned()));
            }
            mods |= modifier(prefix)?;
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_code(rest).ok_or_else(|| KeyParseError::UnknownKey(s.to_owned()))?,
        };
        Ok(Key::new(code, mods))
    }
}

fn modifier(name: &str) -> Result<Modifiers, KeyParseError> {
    match name.to_ascii_lowercase().as_str() {
        "ctrl" | "control" | "c" => Ok(Modifiers::CTRL),
        "alt" | "meta" | "a" | "m" => Ok(Modifiers::ALT),
        "shift" | "s" => Ok(Modifiers::SHIFT),
        _ => Err(KeyParseError::UnknownModifier(name.to_owned())),
    }
}

impl fmt::Display for Key {
    /// The form the help overlay and README show: `Ctrl-f`, `G`, `Space`, `PgDn`, `Shift-Tab`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(Modifiers::CTRL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(Modifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(Modifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

/// Parses a key string such as `"jj]G"` or `"/Huawei<Enter>n"` into keys: each character is a
/// key; `<name>` is a named or modified key (`<Enter>`, `<C-f>`, `<S-tab>`, `<lt>` for `<`).
pub fn parse_key_string(s: &str) -> Result<Vec<Key>, KeyParseError> {
    let mut keys = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some_and(|&n| n != '>') {
            let mut name = String::new();
            for n in chars.by_ref() {
                if n == '>' {
                    break;
                }
                name.push(n);
            }
            keys.push(name.parse()?);
        } else {
            keys.push(Key::char(c));
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn parses_plain_named_and_modified_keys() {
        assert_eq!(k("j"), Key::char('j'));
        assert_eq!(k("G"), Key::char('G'));
        assert_eq!(k("?"), Key::char('?'));
        assert_eq!(k("-"), Key::char('-'));
        assert_eq!(k("space"), Key::char(' '));
        assert_eq!(k("pagedown"), Key::plain(KeyCode::PageDown));
        assert_eq!(k("PageDown"), Key::plain(KeyCode::PageDown));
        assert_eq!(k("ctrl-f"), Key::ctrl('f'));
        assert_eq!(k("C-f"), Key::ctrl('f'));
        assert_eq!(k("f5"), Key::plain(KeyCode::F(5)));
        assert_eq!(
            k("ctrl--"),
            Key {
                code: KeyCode::Char('-'),
                mods: Modifiers::CTRL
            }
        );
    }

    #[test]
    fn shift_is_normalised_into_characters_and_backtab() {
        assert_eq!(k("S-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(k("shift-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(k("shift-g"), Key::char('G'));
        assert_eq!(
            Key::new(KeyCode::Char('G'), Modifiers::SHIFT),
            Key::char('G')
        );
        assert_eq!(
            Key::new(KeyCode::BackTab, Modifiers::SHIFT),
            Key::plain(KeyCode::BackTab)
        );
    }

    #[test]
    fn rejects_unknown_names_and_modifiers() {
        assert_eq!("".parse::<Key>(), Err(KeyParseError::Empty));
        assert!(matches!(
            "hyper-x".parse::<Key>(),
            Err(KeyParseError::UnknownModifier(_))
        ));
        assert!(matches!(
            "pagesideways".parse::<Key>(),
            Err(KeyParseError::UnknownKey(_))
        ));
        assert!(matches!(
            "f13".parse::<Key>(),
            Err(KeyParseError::UnknownKey(_))
        ));
    }

    #[test]
    fn display_round_trips_through_parse() {
        for s in [
            "j", "G", "ctrl-f", "space", "pagedown", "S-tab", "up", "enter", "?", "f1",
        ] {
            let key = k(s);
            let shown = key.to_string().replace('↑', "up");
            assert_eq!(k(&shown), key, "{s} → {shown}");
        }
    }

    #[test]
    fn key_strings_mix_characters_and_named_keys() {
        let keys = parse_key_string("jj/Hu<Enter><C-d><lt>").unwrap();
        assert_eq!(
            keys,
            vec![
                Key::char('j'),
                Key::char('j'),
                Key::char('/'),
                Key::char('H'),
                Key::char('u'),
                Key::plain(KeyCode::Enter),
                Key::ctrl('d'),
                Key::char('<'),
            ]
        );
    }

    #[test]
    fn typed_char_ignores_control_chords() {
        assert_eq!(Key::char('x').typed_char(), Some('x'));
        assert_eq!(Key::ctrl('x').typed_char(), None);
        assert_eq!(Key::plain(KeyCode::Enter).typed_char(), None);
    }
}
