//! A small multi-line text buffer for writing notes, and a one-line prompt.
//!
//! The maintained ratatui text-area crates either lag behind ratatui 0.30 or keep their state
//! inside a widget; gloss needs the note's text in the pure core (so `update` can save it, ask
//! before discarding it and be unit-tested), so the buffer is a plain struct here and the view
//! (`ui::editor`) only draws it. Text is edited by grapheme cluster (`unicode-segmentation`):
//! the cursor is a byte index that always sits on a grapheme boundary of its line, so an
//! accented letter or an emoji is one step of ←/→ and one Backspace.

use unicode_segmentation::UnicodeSegmentation;

/// A multi-line text being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    /// Never empty (an empty text is one empty line).
    pub lines: Vec<String>,
    pub row: usize,
    /// Byte index into `lines[row]`, on a grapheme boundary.
    pub col: usize,
}

impl Default for TextArea {
    fn default() -> Self {
        Self::new("")
    }
}

impl TextArea {
    /// A buffer holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let row = lines.len() - 1;
        let col = lines[row].len();
        Self { lines, row, col }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn line(&self) -> &str {
        self.lines.get(self.row).map_or("", String::as_str)
    }

    pub fn insert_char(&mut self, c: char) {
        if c == '\n' {
            self.newline();
            return;
        }
        if c.is_control() {
            return;
        }
        let col = self.col;
        if let Some(l) = self.lines.get_mut(self.row) {
            l.insert(col, c);
            self.col += c.len_utf8();
        }
    }

    pub fn newline(&mut self) {
        let col = self.col;
        let Some(l) = self.lines.get_mut(self.row) else {
            return;
        };
        let rest = l.split_off(col);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Deletes the grapheme before the cursor (joining lines at a line start).
    pub fn backspace(&mut self) {
        if self.col == 0 {
            if self.row == 0 {
                return;
            }
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].len();
            self.lines[self.row].push_str(&line);
            return;
        }
        let start = prev_boundary(self.line(), self.col);
        let col = self.col;
        if let Some(l) = self.lines.get_mut(self.row) {
            l.replace_range(start..col, "");
        }
        self.col = start;
    }

    /// Deletes the grapheme after the cursor (joining lines at a line end).
    pub fn delete(&mut self) {
        if self.col >= self.line().len() {
            if self.row + 1 < self.lines.len() {
                let next = self.lines.remove(self.row + 1);
                self.lines[self.row].push_str(&next);
            }
            return;
        }
        let end = next_boundary(self.line(), self.col);
        let col = self.col;
        if let Some(l) = self.lines.get_mut(self.row) {
            l.replace_range(col..end, "");
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col = prev_boundary(self.line(), self.col);
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line().len();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.line().len() {
            self.col = next_boundary(self.line(), self.col);
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn up(&mut self) {
        if self.row > 0 {
            let g = self.grapheme_col();
            self.row -= 1;
            self.set_grapheme_col(g);
        } else {
            self.col = 0;
        }
    }

    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            let g = self.grapheme_col();
            self.row += 1;
            self.set_grapheme_col(g);
        } else {
            self.col = self.line().len();
        }
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.line().len();
    }

    /// The cursor's column counted in graphemes.
    pub fn grapheme_col(&self) -> usize {
        self.line()
            .get(..self.col)
            .map_or(0, |s| s.graphemes(true).count())
    }

    fn set_grapheme_col(&mut self, g: usize) {
        let line = self.line();
        self.col = line
            .grapheme_indices(true)
            .nth(g)
            .map_or(line.len(), |(i, _)| i);
    }
}

/// One-line input, shared by every prompt (search, the entity filter, the notes prompts): a
/// typed character is appended unless it is a control character.
pub fn type_char(text: &mut String, c: char) {
    if !c.is_control() {
        text.push(c);
    }
}

/// One-line input's backspace: removes the last grapheme (a letter and its accents together).
pub fn erase_grapheme(text: &mut String) {
    let at = prev_boundary(text, text.len());
    text.truncate(at);
}

fn prev_boundary(s: &str, i: usize) -> usize {
    s.get(..i)
        .and_then(|b| b.grapheme_indices(true).next_back())
        .map_or(0, |(j, _)| j)
}

fn next_boundary(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|a| a.graphemes(true).next())
        .map_or(s.len(), |g| i + g.len())
}

/// A one-line prompt (tags, notes filter); typing appends, Backspace removes a grapheme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinePrompt {
    pub text: String,
    /// While Tab cycles through completions: what the user had typed, and which candidate
    /// is shown.
    completing: Option<(String, usize)>,
}

impl LinePrompt {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            completing: None,
        }
    }

    pub fn push(&mut self, c: char) {
        type_char(&mut self.text, c);
        self.completing = None;
    }

    pub fn backspace(&mut self) {
        erase_grapheme(&mut self.text);
        self.completing = None;
    }

    /// The word being typed (after the last space or comma).
    pub fn last_word(&self) -> &str {
        let start = self.text.rfind([' ', ',']).map_or(0, |i| i + 1);
        self.text.get(start..).unwrap_or_default()
    }

    /// The candidates for the word being typed: `words` that start with it (ignoring a `#`
    /// and case) and are not already in the prompt.
    pub fn candidates<'a>(&self, words: &'a [String]) -> Vec<&'a str> {
        let prefix = match &self.completing {
            Some((p, _)) => p.clone(),
            None => self.last_word().to_owned(),
        };
        let prefix = prefix.trim_start_matches('#').to_lowercase();
        let before: Vec<String> = self
            .text
            .split([' ', ','])
            .map(|w| w.trim_start_matches('#').to_lowercase())
            .collect();
        words
            .iter()
            .filter(|w| w.starts_with(&prefix))
            .filter(|w| !before[..before.len().saturating_sub(1)].contains(w))
            .map(String::as_str)
            .collect()
    }

    /// Replaces the word being typed with the next candidate from `words` (cycling on each
    /// call). Returns whether anything was completed.
    pub fn complete(&mut self, words: &[String]) -> bool {
        let candidates = self.candidates(words);
        if candidates.is_empty() {
            return false;
        }
        let (typed, next) = match &self.completing {
            Some((t, i)) => (t.clone(), (i + 1) % candidates.len()),
            None => (self.last_word().to_owned(), 0),
        };
        let word = candidates[next].to_owned();
        let cut = self.text.len() - self.last_word().len();
        self.text.truncate(cut);
        self.text.push_str(&word);
        self.completing = Some((typed, next));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextArea {
        let mut t = TextArea::default();
        for c in s.chars() {
            t.insert_char(c);
        }
        t
    }

    #[test]
    fn typing_newlines_and_backspace() {
        let mut t = typed("ab\ncd");
        assert_eq!(t.lines, ["ab", "cd"]);
        assert_eq!((t.row, t.col), (1, 2));
        t.backspace();
        t.backspace();
        t.backspace();
        assert_eq!(t.text(), "ab");
        t.backspace();
        t.backspace();
        t.backspace();
        assert_eq!(t.text(), "");
        assert_eq!(t.lines.len(), 1);
    }

    #[test]
    fn graphemes_are_one_step() {
        let mut t = typed("e\u{301}x👍🏽");
        t.backspace();
        assert_eq!(t.text(), "e\u{301}x");
        t.left();
        t.left();
        assert_eq!(t.col, 0);
        t.delete();
        assert_eq!(t.text(), "x");
    }

    #[test]
    fn cursor_moves_across_lines_keeping_the_column() {
        let mut t = TextArea::new("hello\nhi\nworld");
        assert_eq!((t.row, t.col), (2, 5));
        t.up();
        assert_eq!((t.row, t.col), (1, 2), "clamped to the shorter line");
        t.up();
        assert_eq!((t.row, t.col), (0, 2));
        t.home();
        t.left();
        assert_eq!((t.row, t.col), (0, 0));
        t.end();
        t.right();
        assert_eq!((t.row, t.col), (1, 0));
        t.insert_char('>');
        t.down();
        t.down();
        assert_eq!(t.text(), "hello\n>hi\nworld");
        assert_eq!((t.row, t.col), (2, 5));
        t.home();
        t.backspace();
        assert_eq!(t.text(), "hello\n>hiworld");
        t.end();
        t.delete();
        assert_eq!(t.text(), "hello\n>hiworld");
    }

    #[test]
    fn control_characters_are_not_inserted() {
        let t = typed("a\u{1b}[31mb\u{7}");
        assert_eq!(t.text(), "a[31mb");
    }

    #[test]
    fn prompt_completes_and_cycles_through_known_tags() {
        let known = vec!["china".to_owned(), "chips".to_owned(), "russia".to_owned()];
        let mut p = LinePrompt::new("russia ch");
        assert_eq!(p.candidates(&known), ["china", "chips"]);
        assert!(p.complete(&known));
        assert_eq!(p.text, "russia china");
        assert!(p.complete(&known));
        assert_eq!(p.text, "russia chips");
        assert!(p.complete(&known));
        assert_eq!(p.text, "russia china");
        p.push(' ');
        p.push('#');
        p.push('R');
        assert!(p.candidates(&known).is_empty(), "russia is already there");
        assert!(!p.complete(&known));
        p.backspace();
        p.backspace();
        assert_eq!(p.text, "russia china ");
    }
}
