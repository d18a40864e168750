//! Scratch: extraction option variants over a folder of pages (JSON predictions on stdout).
#![allow(clippy::unwrap_used)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let variant = args[1].as_str();
    let mut out = serde_json::Map::new();
    for e in std::fs::read_dir(&args[2]).unwrap() {
        let p = e.unwrap().path();
        let html = std::fs::read(&p).unwrap();
        let html = gloss::core::doc::decode::decode_page(&html, None).unwrap().text;
        let text = match variant {
            "default" => rs_trafilatura::extract(&html).map(|r| r.content_text).unwrap_or_default(),
            "links" => rs_trafilatura::extract_with_options(&html, &rs_trafilatura::Options { include_links: true, output_markdown: true, ..Default::default() }).map(|r| r.content_text).unwrap_or_default(),
            "md" => rs_trafilatura::extract_with_options(&html, &rs_trafilatura::Options { include_links: true, include_images: true, output_markdown: true, ..Default::default() }).map(|r| r.content_markdown.unwrap_or_default()).unwrap_or_default(),
            "md-nolinks" => rs_trafilatura::extract_with_options(&html, &rs_trafilatura::Options { output_markdown: true, ..Default::default() }).map(|r| r.content_markdown.unwrap_or_default()).unwrap_or_default(),
            "nocap" => rs_trafilatura::extract_with_options(&html, &rs_trafilatura::Options { include_links: true, include_images: true, output_markdown: true, ..Default::default() }).map(|r| {
                let caps: std::collections::HashSet<String> = r.images.iter().flat_map(|i| [i.caption.clone(), i.alt.clone()]).flatten().flat_map(|c| c.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>()).filter(|c| !c.is_empty()).collect();
                eprintln!("{:?}", caps.iter().take(3).collect::<Vec<_>>());
                r.content_text.lines().filter(|l| !caps.contains(&l.split_whitespace().collect::<Vec<_>>().join(" "))).collect::<Vec<_>>().join("\n")
            }).unwrap_or_default(),
            _ => gloss::core::doc::web::extract(&html, None).text,
        };
        let id = p.file_name().unwrap().to_str().unwrap().trim_end_matches(".html").to_owned();
        out.insert(id, serde_json::json!({"articleBody": text}));
    }
    println!("{}", serde_json::Value::Object(out));
}
