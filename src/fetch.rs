//! Fetching one web page over HTTP(S): the only place gloss touches the network.
//!
//! `ureq` with rustls (no OpenSSL; no insecure fallback, ever), at most 10 redirects, gzip and
//! brotli, a `gloss/VERSION` User-Agent, `HTTPS_PROXY`/`NO_PROXY` from the environment, and the
//! timeouts and size cap of the config. Every failure the user can meet (DNS, refused, timeout,
//! TLS, 4xx/5xx, too big, not a web page) becomes one [`UserError`] line (exit code 2).

use crate::core::app::config::FetchConfig as Limits;
use crate::error::UserError;

pub use crate::core::app::config::FetchConfig;

/// A fetched page: where the redirects ended, its bytes, and the charset its header declared.
#[derive(Debug, Clone)]
pub struct Page {
    pub final_url: String,
    pub body: Vec<u8>,
    /// `charset=` of the `Content-Type` header, when present.
    pub charset: Option<String>,
}

/// The most redirects followed before giving up.
const MAX_REDIRECTS: u32 = 10;

/// Fetches `url` within `limits` (see the module doc).
pub fn fetch(url: &str, limits: &Limits) -> anyhow::Result<Page> {
    fetch_with_progress(url, limits, &mut |_, _| true)
}

/// The size of each read of the body, and so how often progress is reported.
const CHUNK: usize = 16 * 1024;

/// [`fetch`], telling `progress` how many body bytes have arrived (and of how many, when the
/// server said so for the bytes as they come) after each read; when it answers `false` the
/// fetch stops with a "cancelled" error. Nothing is written anywhere.
pub fn fetch_with_progress(
    url: &str,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, Option<u64>) -> bool,
) -> anyhow::Result<Page> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(MAX_REDIRECTS)
        .user_agent(format!("gloss/{}", env!("CARGO_PKG_VERSION")))
        .http_status_as_error(false)
        .timeout_connect(Some(limits.connect_timeout))
        .timeout_global(Some(limits.timeout))
        .proxy(ureq::Proxy::try_from_env())
        .build()
        .into();
    let host = crate::input::web::host_of(url).unwrap_or(url).to_owned();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        )
        .call()
        .map_err(|e| UserError(describe(url, &host, &e)))?;
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let reason = status.canonical_reason().unwrap_or("error");
        return Err(UserError(format!("{url}: HTTP {} {reason}", status.as_u16())).into());
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    refuse_content_type(url, &content_type)?;
    let charset = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_owned());
    // a compressed body's announced length is not the length of what is read
    let total = response
        .headers()
        .get("content-encoding")
        .is_none()
        .then(|| response.body().content_length())
        .flatten();
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .reader();
    let mut body = Vec::new();
    let mut chunk = vec![0; CHUNK];
    loop {
        if !progress(body.len() as u64, total) {
            return Err(UserError(format!("{url}: cancelled")).into());
        }
        let n = match std::io::Read::read(&mut reader, &mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(UserError(describe(url, &host, &ureq::Error::from(e))).into()),
        };
        body.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    Ok(Page {
        final_url,
        body,
        charset,
    })
}

/// Refuses what is not a web page or text, naming it.
fn refuse_content_type(url: &str, content_type: &str) -> Result<(), UserError> {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let refuse = |what: &str| Err(UserError(format!("{url}: {what}")));
    match mime {
        ""
        | "text/html"
        | "application/xhtml+xml"
        | "text/plain"
        | "text/markdown"
        | "text/x-markdown"
        | "application/xml"
        | "text/xml" => Ok(()),
        "application/pdf" => refuse("PDF is not supported yet"),
        m if m.starts_with("image/") => refuse(&format!("an image ({m}), not an article")),
        m if m.contains("json") => refuse(&format!("JSON ({m}), not an article")),
        m if m.starts_with("text/") => Ok(()),
        m => refuse(&format!("{m} is not a web page or text")),
    }
}

/// One line for a failed request.
fn describe(url: &str, host: &str, e: &ureq::Error) -> String {
    use ureq::Error;
    match e {
        Error::HostNotFound => format!("{host}: no such host (DNS lookup failed)"),
        Error::ConnectionFailed => format!("{host}: connection refused or failed"),
        Error::Timeout(_) => format!("{url}: timed out"),
        Error::TooManyRedirects => format!("{url}: too many redirects (more than {MAX_REDIRECTS})"),
        Error::RedirectFailed => format!("{url}: a redirect could not be followed"),
        Error::BodyExceedsLimit(n) => {
            format!(
                "{url}: the page is larger than the {} limit",
                size_label(*n)
            )
        }
        Error::Tls(m) => format!("{host}: TLS failed: {m} (not retried insecurely)"),
        Error::Rustls(r) => format!("{host}: TLS failed: {r} (not retried insecurely)"),
        Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => format!("{host}: connection refused"),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                format!("{url}: timed out")
            }
            _ => format!("{url}: {io}"),
        },
        other => format!("{url}: {other}"),
    }
}

fn size_label(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} kB", bytes >> 10)
    }
}
