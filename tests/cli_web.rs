//! The real binary against a real HTTP server on 127.0.0.1 started by each test: pages,
//! redirects, 404 and 500, a slow response, wrong and missing charsets, gzip, an oversized
//! body, a PDF, a redirect loop, snapshots and `--offline`, a proxy (CONNECT) and `NO_PROXY`;
//! saved pages and HTML on stdin too; a URL opened in the reader in a pseudo-terminal.
//! The server is a few lines over `std::net` (one thread per connection, `Connection: close`).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::string_slice)]

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

mod common;

use common::cli::{command, config_dir, gloss_with_stdin};
use common::pty::{Pty, status_line};

const ARTICLE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Lanterns Over the Harbour - Port Gazette</title>
<meta property="og:site_name" content="Port Gazette">
<meta name="author" content="Ada Shore">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Lanterns Over the Harbour</h1>
<p>Thousands of paper lanterns drifted over the harbour on Saturday night as the town marked the end of the fishing season with its oldest festival.</p>
<h2>A tradition revived</h2>
<p>The festival had lapsed for twenty years before a group of retired fishermen revived it, and it now draws visitors from across the whole coast.</p>
<p>Organisers said next year's festival would add a parade of boats and a market for local crafts and food.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"#;

/// `/trickle` sends this many bytes of [`trickle_page`] at once, the rest after [`TRICKLE_PAUSE`].
const TRICKLE_FIRST: usize = 30 * 1024;
const TRICKLE_PAUSE: Duration = Duration::from_millis(1500);

/// The article with 60 kB of comment at its end, so that it takes two sends.
fn trickle_page() -> String {
    ARTICLE.replace(
        "</body>",
        &format!("<!-- {} --></body>", "padding ".repeat(7680)),
    )
}

/// What the test server answers for a path: status line, headers, body, delay before answering.
fn route(path: &str, port: u16) -> (String, Vec<(String, String)>, Vec<u8>, Duration) {
    let html = |body: &[u8], ct: &str| {
        (
            "200 OK".to_owned(),
            vec![("Content-Type".to_owned(), ct.to_owned())],
            body.to_vec(),
            Duration::ZERO,
        )
    };
    match path {
        "/article" => html(ARTICLE.as_bytes(), "text/html; charset=utf-8"),
        "/latin1" => {
            // no charset in the header: the meta tag says iso-8859-1, and the bytes are
            let page = ARTICLE
                .replace("charset=\"utf-8\"", "charset=\"iso-8859-1\"")
                .replace("Saturday", "Saturday at the café");
            html(&encoding_rs::WINDOWS_1252.encode(&page).0, "text/html")
        }
        "/no-charset" => {
            // no charset anywhere: detection
            let page = ARTICLE
                .replace("<meta charset=\"utf-8\">", "")
                .replace("Saturday", "Saturday, crème brûlée à volonté");
            html(&encoding_rs::WINDOWS_1252.encode(&page).0, "text/html")
        }
        "/wrong-charset" => {
            // the header is the most trusted: it says windows-1252 (the meta says utf-8)
            let page = ARTICLE.replace("Saturday", "Saturday, à la française");
            html(
                &encoding_rs::WINDOWS_1252.encode(&page).0,
                "text/html; charset=windows-1252",
            )
        }
        "/gzip" => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(ARTICLE.as_bytes()).unwrap();
            let body = enc.finish().unwrap();
            (
                "200 OK".to_owned(),
                vec![
                    ("Content-Type".to_owned(), "text/html".to_owned()),
                    ("Content-Encoding".to_owned(), "gzip".to_owned()),
                ],
                body,
                Duration::ZERO,
            )
        }
        "/redirect" => (
            "301 Moved Permanently".to_owned(),
            vec![(
                "Location".to_owned(),
                format!("http://127.0.0.1:{port}/article"),
            )],
            Vec::new(),
            Duration::ZERO,
        ),
        "/loop" => (
            "302 Found".to_owned(),
            vec![("Location".to_owned(), "/loop".to_owned())],
            Vec::new(),
            Duration::ZERO,
        ),
        "/slow" => {
            let mut r = html(ARTICLE.as_bytes(), "text/html");
            r.3 = Duration::from_secs(4);
            r
        }
        "/big" => html(&vec![b'a'; 3 << 20], "text/html"),
        "/pdf" => html(b"%PDF-1.7\n", "application/pdf"),
        "/png" => html(b"\x89PNG\r\n\x1a\n", "image/png"),
        "/json" => html(b"{}", "application/json"),
        "/error" => (
            "500 Internal Server Error".to_owned(),
            vec![],
            b"oops".to_vec(),
            Duration::ZERO,
        ),
        _ => (
            "404 Not Found".to_owned(),
            vec![],
            b"nothing here".to_vec(),
            Duration::ZERO,
        ),
    }
}

/// Starts the server on a free port of 127.0.0.1; it runs until the test process ends.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream, port));
        }
    });
    port
}

fn answer(stream: TcpStream, port: u16) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    let mut user_agent = String::new();
    loop {
        request.clear();
        if reader.read_line(&mut request).unwrap_or(0) == 0 {
            return;
        }
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if line.to_ascii_lowercase().starts_with("user-agent:") {
                line.trim().clone_into(&mut user_agent);
            }
        }
        // acting as a proxy: open the tunnel, then answer the request that comes through it
        if request.starts_with("CONNECT ") {
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            continue;
        }
        break;
    }
    let mut path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    // a request through a proxy names the whole URL (absolute form)
    if let Some(rest) = path.strip_prefix("http://") {
        path = rest.find('/').map_or("/", |i| &rest[i..]).to_owned();
    }
    let (mut status, mut headers, mut body, delay) = route(&path, port);
    if path == "/echo-agent" {
        "200 OK".clone_into(&mut status);
        body = format!("<html><body><article><p>{user_agent} is the agent that asked for this page, and this sentence is long enough to be an article.</p></article></body></html>").into_bytes();
        headers.push(("Content-Type".to_owned(), "text/html".to_owned()));
    }
    std::thread::sleep(delay);
    let mut stream = reader.into_inner();
    if path == "/trickle" {
        body = trickle_page().into_bytes();
        "200 OK".clone_into(&mut status);
        headers.push(("Content-Type".to_owned(), "text/html".to_owned()));
    }
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if path == "/trickle" {
        // the first half now, the rest after a pause: the reader shows how far it got
        let (first, rest) = body.split_at(TRICKLE_FIRST);
        let _ = stream.write_all(first);
        let _ = stream.flush();
        std::thread::sleep(TRICKLE_PAUSE);
        body = rest.to_vec();
    }
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    let mut rest = Vec::new();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.read_to_end(&mut rest);
}

/// `gloss ARGS` inside `home`, with no proxy from the environment and `config` as its config.
fn run(home: &Path, args: &[&str], config: &str) -> Output {
    run_env(home, args, config, &[])
}

/// [`run`] with `env` set on top (e.g. a proxy).
fn run_env(home: &Path, args: &[&str], config: &str, env: &[(&str, &str)]) -> Output {
    let dir = config_dir(home).join("gloss");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), config).unwrap();
    let mut cmd = command(home);
    for v in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied()).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn error_line(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout(out));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_page_is_fetched_extracted_and_snapshotted() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/article");
    let out = run(home.path(), &["extract", "--json", &url], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Lanterns Over the Harbour");
    assert_eq!(json["site"], "Port Gazette");
    assert_eq!(json["authors"][0], "Ada Shore");
    assert_eq!(json["url"], url.as_str());
    assert!(
        json["text"]
            .as_str()
            .unwrap()
            .starts_with("Thousands of paper lanterns")
    );
    assert!(!json["text"].as_str().unwrap().contains("newsletter"));
    assert!(
        json["markdown"]
            .as_str()
            .unwrap()
            .contains("## A tradition revived")
    );

    // the snapshot opens offline, and says how old it is
    let out = run(home.path(), &["--offline", "sections", &url], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("A tradition revived"),
        "{}",
        stdout(&out)
    );
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("snapshot of") && err.contains("just now"),
        "{err}"
    );

    // offline without a snapshot is refused, and network = false too
    let other = format!("http://127.0.0.1:{port}/gzip");
    assert!(
        error_line(&run(home.path(), &["--offline", "extract", &other], ""))
            .contains("fetching is off")
    );
    assert!(
        error_line(&run(home.path(), &["extract", &other], "network = false\n"))
            .contains("fetching is off")
    );
}

#[test]
fn redirects_gzip_and_the_user_agent() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    for path in ["redirect", "gzip"] {
        let url = format!("http://127.0.0.1:{port}/{path}");
        let out = run(home.path(), &["extract", "--format", "text", &url], "");
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout(&out).starts_with("Thousands of paper lanterns"),
            "{path}: {}",
            stdout(&out)
        );
    }
    let out = run(
        home.path(),
        &[
            "extract",
            "--json",
            &format!("http://127.0.0.1:{port}/redirect"),
        ],
        "",
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["url"], format!("http://127.0.0.1:{port}/article"));
    let out = run(
        home.path(),
        &[
            "extract",
            "--format",
            "text",
            &format!("http://127.0.0.1:{port}/echo-agent"),
        ],
        "",
    );
    assert!(
        stdout(&out).contains(&format!("gloss/{}", env!("CARGO_PKG_VERSION"))),
        "{} {}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn http_failures_are_one_line_and_exit_2() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    let url = |p: &str| format!("http://127.0.0.1:{port}/{p}");
    let cases = [
        ("missing", "HTTP 404 Not Found"),
        ("error", "HTTP 500 Internal Server Error"),
        ("loop", "too many redirects"),
        ("pdf", "PDF is not supported yet"),
        ("png", "an image"),
        ("json", "JSON"),
    ];
    for (path, expected) in cases {
        let err = error_line(&run(home.path(), &["extract", &url(path)], ""));
        assert!(err.contains(expected), "{path}: {err}");
    }
    let err = error_line(&run(
        home.path(),
        &["extract", &url("big")],
        "[fetch]\nmax_size_mb = 1\n",
    ));
    assert!(err.contains("larger than the 1 MB limit"), "{err}");
    let err = error_line(&run(
        home.path(),
        &["extract", &url("slow")],
        "[fetch]\ntimeout = 1\n",
    ));
    assert!(err.contains("timed out"), "{err}");
    // nothing listens on port 9 of 127.0.0.1
    let err = error_line(&run(home.path(), &["extract", "http://127.0.0.1:9/"], ""));
    assert!(err.contains("refused") || err.contains("failed"), "{err}");
}

#[test]
fn charsets_from_the_header_the_meta_tag_or_detection() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    for (path, expected) in [
        ("latin1", "café"),
        ("no-charset", "crème brûlée"),
        ("wrong-charset", "à la française"),
    ] {
        let out = run(
            home.path(),
            &[
                "extract",
                "--format",
                "text",
                &format!("http://127.0.0.1:{port}/{path}"),
            ],
            "",
        );
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout(&out).contains(expected), "{path}: {}", stdout(&out));
        assert!(
            !stdout(&out).contains('\u{fffd}'),
            "{path}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn saved_pages_and_html_on_stdin_are_read_as_articles() {
    let home = tempfile::tempdir().unwrap();
    let page = home.path().join("saved.html");
    std::fs::write(&page, ARTICLE).unwrap();
    let out = run(home.path(), &["sections", page.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("Lanterns Over the Harbour"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("<html"), "{}", stdout(&out));
    let out = gloss_with_stdin(
        home.path(),
        &["render", "-", "--color", "never"],
        ARTICLE.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("Thousands of paper lanterns"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("Subscribe"), "{}", stdout(&out));
}

#[test]
fn a_url_opens_in_the_reader_and_can_be_searched() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/article");
    let mut pty = Pty::spawn(40, 120, &[&url]);
    pty.wait_for("the article", |s| {
        s.contains("Lanterns Over the Harbour") && s.contains("A tradition revived")
    });
    pty.wait_for("the host in the status bar", |s| {
        status_line(s).contains("127.0.0.1")
    });
    assert!(!pty.screen().contains("Subscribe"), "{}", pty.screen());
    pty.send("/festival");
    pty.wait_for("the search prompt", |s| {
        status_line(s).contains("/festival")
    });
    pty.send("\r");
    pty.wait_for("the match count", |s| status_line(s).contains("3 matches"));
    pty.send("q");
    assert!(pty.wait_exit().success());
}

#[test]
fn the_proxy_from_the_environment_is_used_and_no_proxy_bypasses_it() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    let proxy = format!("http://127.0.0.1:{port}");
    // article.test resolves nowhere: only the proxy (our server) can answer it
    let out = run_env(
        home.path(),
        &["extract", "--format", "text", "http://article.test/article"],
        "",
        &[("HTTP_PROXY", proxy.as_str())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).starts_with("Thousands of paper lanterns"));
    // a dead proxy, bypassed for 127.0.0.1
    let out = run_env(
        home.path(),
        &[
            "extract",
            "--format",
            "text",
            &format!("http://127.0.0.1:{port}/article"),
        ],
        "",
        &[
            ("HTTP_PROXY", "http://127.0.0.1:9"),
            ("NO_PROXY", "127.0.0.1"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_url_opens_at_once_on_a_fetching_frame_that_counts_the_bytes() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/trickle");
    let mut pty = Pty::spawn(30, 100, &[&url]);
    // the first half has arrived, the rest is 1.5 s away: the frame says how much
    pty.wait_for("the fetching frame with the bytes so far", |s| {
        s.contains(&format!("Fetching 127.0.0.1:{port}… 30 kB of 60 kB"))
            && status_line(s).contains("q cancel")
    });
    pty.wait_for("the article replacing it", |s| {
        s.contains("Lanterns Over the Harbour") && s.contains("A tradition revived")
    });
    assert!(!pty.screen().contains("Fetching"), "{}", pty.screen());
    pty.send("q");
    assert!(pty.wait_exit().success());
    // kept: the snapshot and the library entry
    assert!(pty.dir.path().join("snapshots").is_dir());
    let listed = common::cli::gloss(pty.dir.path(), &["library", "--json"]);
    assert!(stdout(&listed).contains("/trickle"), "{}", stdout(&listed));
}

#[test]
fn a_fetch_cancelled_with_q_or_ctrl_c_restores_the_terminal_and_keeps_nothing() {
    let port = serve();
    // `/slow` answers after 4 s: long enough to give up on
    let url = format!("http://127.0.0.1:{port}/slow");
    for key in ["q", "\u{3}"] {
        let mut pty = Pty::spawn(24, 80, &[&url]);
        pty.wait_for("the fetching frame", |s| {
            s.contains(&format!("Fetching 127.0.0.1:{port}… 0 kB"))
        });
        assert!(pty.parser.screen().alternate_screen());
        pty.send(key);
        let status = pty.wait_exit();
        assert_eq!(status.exit_code(), 130, "{key:?}: {}", pty.screen());
        let screen = pty.parser.screen();
        assert!(
            !screen.alternate_screen(),
            "{key:?}: still on the alternate screen"
        );
        assert!(!screen.hide_cursor(), "{key:?}: the cursor is still hidden");
        let shown = screen.contents();
        assert!(
            shown.contains(&format!("gloss: {url}: cancelled; nothing was kept")),
            "{key:?}: {shown}"
        );
        assert!(!pty.dir.path().join("snapshots").exists(), "{key:?}");
        let listed = common::cli::gloss(pty.dir.path(), &["library", "--json"]);
        assert!(!stdout(&listed).contains("/slow"), "{}", stdout(&listed));
    }
}

#[test]
fn a_failed_fetch_in_the_reader_restores_the_terminal_and_says_why_in_one_line() {
    let port = serve();
    let url = format!("http://127.0.0.1:{port}/missing");
    let mut pty = Pty::spawn(24, 80, &[&url]);
    let status = pty.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", pty.screen());
    let screen = pty.parser.screen();
    assert!(!screen.alternate_screen());
    let shown = screen.contents();
    let errors: Vec<&str> = shown.lines().filter(|l| l.starts_with("gloss:")).collect();
    assert_eq!(
        errors,
        [format!("gloss: {url}: HTTP 404 Not Found")],
        "{shown}"
    );
}

#[test]
fn gloss_add_takes_a_url_and_a_saved_page_as_their_articles() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/redirect");
    let page = home.path().join("saved.html");
    std::fs::write(&page, ARTICLE.replace("Lanterns Over", "Kites Over")).unwrap();
    let out = run(home.path(), &["add", &url, page.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).starts_with("2 added"), "{}", stdout(&out));
    let listed = run(home.path(), &["library", "--json"], "");
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let articles = json["articles"].as_array().unwrap();
    let by_title = |t: &str| {
        articles
            .iter()
            .find(|a| a["title"] == t)
            .unwrap_or_else(|| panic!("no {t} in {json}"))
    };
    // the URL: fetched through its redirect, kept under the final URL, snapshotted
    let web = by_title("Lanterns Over the Harbour");
    assert_eq!(web["source"], format!("http://127.0.0.1:{port}/article"));
    assert_eq!(web["outlet"], "Port Gazette");
    assert!(home.path().join("snapshots").is_dir());
    // the page: its article, not its HTML
    let saved = by_title("Kites Over the Harbour");
    assert_eq!(saved["authors"][0], "Ada Shore");
    let words = saved["words"].as_u64().unwrap();
    assert!((50..120).contains(&words), "{words} words: the raw page?");
    let found = run(home.path(), &["search", "--json", "newsletter"], "");
    assert!(!stdout(&found).contains("Kites"), "{}", stdout(&found));
    assert!(!stdout(&found).contains("Lanterns"), "{}", stdout(&found));
    // again, offline: the snapshot answers, nothing is fetched, nothing added twice
    let out = run(home.path(), &["--offline", "add", &url], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("1 already there"), "{}", stdout(&out));
    // a failure is one line naming the URL once
    let missing = format!("http://127.0.0.1:{port}/missing");
    let out = run(home.path(), &["add", &missing], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("gloss: cannot add {missing}: HTTP 404 Not Found")
    );
}

#[test]
fn the_status_bar_says_which_encoding_was_assumed_fetched_kept_or_from_a_file() {
    let port = serve();
    let mut dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("legacy.txt"),
        encoding_rs::WINDOWS_1252
            .encode("Un café crème, s'il vous plaît, et l'addition.\n")
            .0,
    )
    .unwrap();
    let url = format!("http://127.0.0.1:{port}/wrong-charset");
    // fetched (the header says windows-1252), then opened from its snapshot, then a file
    for (args, expected) in [
        (vec![url.as_str()], vec!["read as windows-1252"]),
        (
            vec![url.as_str()],
            vec!["read as windows-1252", "snapshot of"],
        ),
        (vec!["legacy.txt"], vec!["read as windows-1252"]),
    ] {
        let mut pty = Pty::spawn_in(dir, 30, 160, &args);
        pty.wait_for("the encoding in the status bar", |s| {
            expected.iter().all(|e| status_line(s).contains(e))
        });
        assert!(!pty.screen().contains('\u{fffd}'), "{}", pty.screen());
        pty.send("q");
        assert!(pty.wait_exit().success());
        dir = std::mem::replace(&mut pty.dir, tempfile::tempdir().unwrap());
    }
}

#[test]
fn exports_of_a_web_article_carry_its_url() {
    let port = serve();
    let home = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/article");
    let notes = home.path().join("notes.json");
    std::fs::write(
        &notes,
        r#"{"type":"Annotation","body":{"type":"TextualBody","value":"an old festival"},"target":{"source":"x","selector":{"type":"TextQuoteSelector","exact":"paper lanterns"}}}"#,
    )
    .unwrap();
    let out = run(home.path(), &["import", &url, notes.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        home.path(),
        &["--offline", "export", &url, "--format", "w3c"],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["first"]["items"][0]["target"]["source"],
        url.as_str(),
        "{json}"
    );
    let out = run(home.path(), &["--offline", "export", &url], "");
    assert!(
        stdout(&out).contains(&format!("source: \"{url}\""))
            || stdout(&out).contains(&format!("source: {url}")),
        "{}",
        stdout(&out)
    );
}
