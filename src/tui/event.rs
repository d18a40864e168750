//! Terminal events in, actions out: the edge where crossterm's types become gloss's own.
//!
//! Only key *presses* count (releases and repeats reported by some terminals would act twice).
//! Keys go through the keymap for the state's current modes; mouse wheel and left clicks
//! become positioned actions that `update` hit-tests; resizes become `Resize`.

use crossterm::event::{
    Event, KeyCode as CtKeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::core::app::key::{Key, KeyCode, Modifiers};
use crate::core::app::messages::{Action, Wheel};
use crate::core::app::notes::NotesAction;
use crate::core::app::state::AppState;

impl From<KeyEvent> for Key {
    fn from(ev: KeyEvent) -> Self {
        let code = match ev.code {
            CtKeyCode::Char(c) => KeyCode::Char(c),
            CtKeyCode::Enter => KeyCode::Enter,
            CtKeyCode::Esc => KeyCode::Esc,
            CtKeyCode::Backspace => KeyCode::Backspace,
            CtKeyCode::Tab => KeyCode::Tab,
            CtKeyCode::BackTab => KeyCode::BackTab,
            CtKeyCode::Up => KeyCode::Up,
            CtKeyCode::Down => KeyCode::Down,
            CtKeyCode::Left => KeyCode::Left,
            CtKeyCode::Right => KeyCode::Right,
            CtKeyCode::Home => KeyCode::Home,
            CtKeyCode::End => KeyCode::End,
            CtKeyCode::PageUp => KeyCode::PageUp,
            CtKeyCode::PageDown => KeyCode::PageDown,
            CtKeyCode::Insert => KeyCode::Insert,
            CtKeyCode::Delete => KeyCode::Delete,
            CtKeyCode::F(n) => KeyCode::F(n),
            // Keys gloss binds nothing to map to a key no table contains.
            _ => KeyCode::F(0),
        };
        let mut mods = Modifiers::empty();
        if ev.modifiers.contains(KeyModifiers::SHIFT) {
            mods |= Modifiers::SHIFT;
        }
        if ev.modifiers.contains(KeyModifiers::CONTROL) {
            mods |= Modifiers::CTRL;
        }
        if ev.modifiers.contains(KeyModifiers::ALT) {
            mods |= Modifiers::ALT;
        }
        Key::new(code, mods)
    }
}

/// The action a terminal event means in `state`, if any.
pub fn to_action(event: &Event, state: &AppState) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            state.keymap.resolve(state.key_modes(), Key::from(*k))
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::MouseScroll {
                column: m.column,
                row: m.row,
                wheel: Wheel::Down,
            }),
            MouseEventKind::ScrollUp => Some(Action::MouseScroll {
                column: m.column,
                row: m.row,
                wheel: Wheel::Up,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::MouseClick {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::Drag(MouseButton::Left) => {
                Some(Action::Notes(NotesAction::MouseDrag {
                    column: m.column,
                    row: m.row,
                }))
            }
            MouseEventKind::Up(MouseButton::Left) => Some(Action::Notes(NotesAction::MouseUp)),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyEventState, MouseEvent};

    use super::*;
    use crate::core::app::config::Config;
    use crate::core::doc::document::{Document, Format, Metadata};

    fn ev(code: CtKeyCode, modifiers: KeyModifiers, kind: KeyEventKind) -> Event {
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind,
            state: KeyEventState::NONE,
        })
    }

    fn state() -> AppState {
        let doc = Document {
            lazy: None,
            source: "x".into(),
            format: Format::PlainText,
            meta: Metadata::default(),
            blocks: Vec::new(),
        };
        AppState::new(doc, "x", &Config::default(), 80, 24)
    }

    #[test]
    fn crossterm_keys_convert_and_normalise() {
        let k = |code, m| Key::from(KeyEvent::new(code, m));
        assert_eq!(k(CtKeyCode::Char('G'), KeyModifiers::SHIFT), Key::char('G'));
        assert_eq!(
            k(CtKeyCode::Char('f'), KeyModifiers::CONTROL),
            Key::ctrl('f')
        );
        assert_eq!(
            k(CtKeyCode::BackTab, KeyModifiers::SHIFT),
            "S-tab".parse().unwrap()
        );
        assert_eq!(
            k(CtKeyCode::PageDown, KeyModifiers::NONE),
            "pagedown".parse().unwrap()
        );
    }

    #[test]
    fn only_presses_act() {
        let st = state();
        let press = ev(
            CtKeyCode::Char('q'),
            KeyModifiers::NONE,
            KeyEventKind::Press,
        );
        let release = ev(
            CtKeyCode::Char('q'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        );
        let repeat = ev(
            CtKeyCode::Char('q'),
            KeyModifiers::NONE,
            KeyEventKind::Repeat,
        );
        assert_eq!(to_action(&press, &st), Some(Action::Quit));
        assert_eq!(to_action(&release, &st), None);
        assert_eq!(to_action(&repeat, &st), None);
    }

    #[test]
    fn mouse_and_resize_become_actions() {
        let st = state();
        let m = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 3,
                row: 4,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            to_action(&m(MouseEventKind::ScrollDown), &st),
            Some(Action::MouseScroll {
                column: 3,
                row: 4,
                wheel: Wheel::Down
            })
        );
        assert_eq!(
            to_action(&m(MouseEventKind::Down(MouseButton::Left)), &st),
            Some(Action::MouseClick { column: 3, row: 4 })
        );
        assert_eq!(to_action(&m(MouseEventKind::Moved), &st), None);
        assert_eq!(
            to_action(&Event::Resize(100, 30), &st),
            Some(Action::Resize {
                width: 100,
                height: 30
            })
        );
    }
}
