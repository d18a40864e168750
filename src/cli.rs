//! Command-line interface: every flag and subcommand, parsed by clap.
//!
//! `gloss [FILE]` opens the reader (the bundled article when FILE is absent, stdin for `-`);
//! the subcommands print what the reader would show, for scripts and pipes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "gloss",
    version,
    about = "A terminal reader for articles: outline, named entities, tags, notes and export."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Reader options (when no subcommand is given).
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command understands.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// SQLite database for reading positions and notes
    /// [default: $XDG_DATA_HOME/gloss/gloss.db]
    #[arg(long, global = true, env = "GLOSS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file [default: $XDG_CONFIG_HOME/gloss/config.toml]
    #[arg(long, global = true, env = "GLOSS_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Never fetch a URL; open its snapshot only
    #[arg(long, global = true)]
    pub offline: bool,
    /// Fetch a URL again even when a snapshot of it exists
    #[arg(long, global = true, conflicts_with = "offline")]
    pub refresh: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ReadArgs {
    /// The article to open: a .txt, .md or .html file, a http(s) URL, or - for stdin [default: the bundled article]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Reading width (measure) in cells [default: 80, or `width` in the config]
    #[arg(long, short = 'w', value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the article laid out as the reader shows it
    Render(RenderArgs),
    /// Print the outline (sections with byte offsets)
    Sections(ListArgs),
    /// Print the named entities found in the article, or (--all) across the library
    Entities(EntitiesArgs),
    /// Print the annotations (tags and notes) stored for the article, or for every article
    Notes(NotesArgs),
    /// Attach the notes of the article last seen at OLD to the file NEW (moved and edited)
    Relink(RelinkArgs),
    /// Export annotations as Markdown, JSON, CSV or W3C Web Annotation
    Export(ExportArgs),
    /// Import annotations from gloss JSON or W3C Web Annotation JSON-LD
    Import(ImportArgs),
    /// Print the article of a web page or URL as Markdown or text
    Extract(crate::commands::extract::ExtractArgs),
    /// Add articles (files, folders searched for .txt .md .markdown .html .htm, URLs) to the library
    Add(crate::commands::add::AddArgs),
    /// List the articles in the library
    Library(crate::commands::library::LibraryArgs),
    /// Bring an archived article back into the library
    Restore(crate::commands::library::RestoreArgs),
    /// Print the dated sentences of an article, or (--all) of the library, in time order
    Timeline(crate::commands::timeline::TimelineArgs),
    /// Search the text and notes of every article in the library
    Search(crate::commands::search::SearchArgs),
    /// List tags with their note and article counts, or rename one
    Tags(crate::commands::tags::TagsArgs),
    /// Print a shell completion script
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The article (.txt, .md, or - for stdin)
    pub file: PathBuf,
    /// Line width in cells (20–1000, like the reader) [default: 80, or `width` in the config]
    #[arg(long, short = 'w', value_name = "N", value_parser = clap::value_parser!(u16).range(20..=1000))]
    pub width: Option<u16>,
    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The article (.txt, .md, or - for stdin)
    pub file: PathBuf,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The article (.txt, .md, .html, a URL, or - for stdin)
    #[arg(required_unless_present = "all")]
    pub file: Option<PathBuf>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Every entity of the library, with its articles (the ledger)
    #[arg(long, conflicts_with = "file")]
    pub all: bool,
    /// With --all: only entities of this type (PERSON, ORG, GPE, …)
    #[arg(long = "type", value_name = "T", requires = "all")]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct NotesArgs {
    /// The article (.txt, .md, or - for stdin)
    #[arg(required_unless_present_any = ["all", "history"])]
    pub file: Option<PathBuf>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Every note of every article, also of articles whose file is gone
    #[arg(long, conflicts_with_all = ["file", "history"])]
    pub all: bool,
    /// Every stored revision of the note with this id
    #[arg(long, value_name = "ID", conflicts_with = "file")]
    pub history: Option<String>,
    /// With --all: only the notes carrying this tag
    #[arg(long, value_name = "TAG", requires = "all")]
    pub tag: Option<String>,
}

#[derive(Debug, Args)]
pub struct RelinkArgs {
    /// Where the article was (its old path; the file may be gone) or its id from `notes --all`
    pub old: String,
    /// The file it is now
    pub new: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
    W3c,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The article whose annotations to export
    #[arg(required_unless_present = "all")]
    pub file: Option<PathBuf>,
    /// Every article of the library (Markdown: OUT is a folder, one note per article + an index)
    #[arg(long, conflicts_with = "file", requires = "output")]
    pub all: bool,
    /// With --all: only the notes carrying this tag
    #[arg(long, value_name = "TAG", requires = "all")]
    pub tag: Option<String>,
    /// With --all: only notes changed on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", requires = "all")]
    pub since: Option<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Markdown)]
    pub format: ExportFormat,
    /// Write to this file instead of stdout
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Overwrite OUT even if it changed since gloss wrote it
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The article the annotations belong to
    pub file: PathBuf,
    /// A gloss JSON export or a W3C AnnotationCollection
    pub annotations: PathBuf,
}
