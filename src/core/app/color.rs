//! The one colour type of the reader and the one `#rrggbb` parser. Colours are parsed when the
//! configuration (or entities.toml) is read, never by the views; `ui/theme.rs` maps a
//! [`Color`] to the terminal's. Pure: uses nothing but std.

/// A colour as the user writes it (config theme slots, tag and entity colours); the view maps
/// it to the terminal's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    /// A 256-colour palette index.
    Indexed(u8),
    Rgb(u8, u8, u8),
}

impl Color {
    /// Parses `"cyan"`, `"light-blue"`, `"#5fafff"`, `"#abc"` or a palette index `"208"`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "");
        if let Some((r, g, b)) = parse_hex_rgb(&t) {
            return Some(Color::Rgb(r, g, b));
        }
        if let Some(hex) = t.strip_prefix('#') {
            let digits: Vec<u8> = hex
                .chars()
                .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
                .collect::<Option<_>>()?;
            return match digits.as_slice() {
                [r, g, b] => Some(Color::Rgb(r * 17, g * 17, b * 17)),
                _ => None,
            };
        }
        if let Ok(n) = t.parse::<u8>() {
            return Some(Color::Indexed(n));
        }
        Some(match t.as_str() {
            "reset" | "default" | "none" => Color::Reset,
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" | "purple" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" | "grey" => Color::Gray,
            "darkgray" | "darkgrey" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => return None,
        })
    }
}

/// Parses exactly `#rrggbb` (the format of tag colours and of entities.toml) into its red, green
/// and blue bytes; anything else (no `#`, short, non-hex) is `None`.
pub fn parse_hex_rgb(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    // all hex digits: `from_str_radix` alone would take a sign (`#+f+f+f`)
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_exactly() {
        assert_eq!(parse_hex_rgb("#e5c07b"), Some((0xe5, 0xc0, 0x7b)));
        assert_eq!(parse_hex_rgb("e5c07b"), None);
        assert_eq!(parse_hex_rgb("#e5c0"), None);
        assert_eq!(parse_hex_rgb("#00aaé"), None);
        assert_eq!(parse_hex_rgb("#+f+f+f"), None);
        assert_eq!(Color::parse("#ABCDEF"), Some(Color::Rgb(0xab, 0xcd, 0xef)));
    }
}
