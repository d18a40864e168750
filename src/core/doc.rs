//! The domain: documents and what gloss computes from them. Acyclic, and imports nothing of
//! `core::app` or the shell, so every piece can be used and tested on its own.

pub mod anchor;
pub mod annotation;
pub mod cursor;
pub mod decode;
pub mod document;
pub mod entities;
pub mod export;
pub mod layout;
pub mod ledger;
pub mod library_export;
pub mod markdown;
pub mod outline;
pub mod plaintext;
pub mod preview;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod text;
pub mod timeline;
pub mod topics;
pub mod web;
