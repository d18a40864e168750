//! Packs the gazetteer names and person titles into the layout [`super::packed`] reads.
//!
//! Run at compile time by `build.rs` (which includes this file, the tokenizer and the reader
//! by path, so the crate and its build agree on one tokenizer and one hash), and by the tests.
//! Kept free of crate types: names and titles come in as text, tokens as spans from `split`.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::packed::{HEADER, KIND, MAGIC, MINOR, TITLE, hash, slot_and_tag, tag_bits};

/// The built-in type labels in `EntityKind::BUILTIN` order (a test checks they agree).
pub const LABELS: [&str; 8] = [
    "PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT",
];

/// Token spans of a phrase: start, end, and whether whitespace precedes.
pub type Split<'s> = &'s dyn Fn(&str, &mut Vec<(usize, usize, bool)>);

/// What [`pack`] makes.
pub struct Packing {
    /// The packed trie.
    pub bytes: Vec<u8>,
    /// Lowercase first words of names (`al` of `al-Qaeda`), sorted.
    pub lower_starts: Vec<String>,
}

#[derive(Default)]
struct BNode {
    /// Key (provisional token id << 1 | space) → child.
    children: BTreeMap<u64, usize>,
    mark: u8,
}

/// Trimmed, non-empty, non-comment lines.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Folds typographic apostrophes, as the recogniser does to token texts.
fn norm(s: &str) -> String {
    s.replace('’', "'")
}

struct Builder<'s> {
    split: Split<'s>,
    vocab: HashMap<String, u32>,
    texts: Vec<String>,
    nodes: Vec<BNode>,
    max_len: usize,
    spans: Vec<(usize, usize, bool)>,
}

impl Builder<'_> {
    fn insert(&mut self, phrase: &str, mark: impl FnOnce(&mut u8)) {
        self.spans.clear();
        (self.split)(phrase, &mut self.spans);
        let mut node = 0;
        for (n, &(s, e, space)) in self.spans.iter().enumerate() {
            let text = norm(phrase.get(s..e).unwrap_or(""));
            let next = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
            let id = *self.vocab.entry(text.clone()).or_insert(next);
            if id == next {
                self.texts.push(text);
            }
            let key = (u64::from(id) << 1) | u64::from(n > 0 && space);
            let fresh = self.nodes.len();
            node = *self.nodes[node].children.entry(key).or_insert(fresh);
            if node == fresh {
                self.nodes.push(BNode::default());
            }
        }
        if self.spans.is_empty() {
            return;
        }
        self.max_len = self.max_len.max(self.spans.len());
        mark(&mut self.nodes[node].mark);
    }
}

/// The final token ids: the tokens that start a phrase first (in the order of the root's
/// children), then the others, each group by text. Returns the provisional ids in final order,
/// and the final id of each provisional one.
fn final_ids(b: &Builder<'_>) -> (Vec<u32>, Vec<u32>) {
    let root_ids: HashSet<u64> = b.nodes[0].children.keys().map(|k| k >> 1).collect();
    let mut order: Vec<u32> = (0..u32::try_from(b.texts.len()).unwrap_or(0)).collect();
    order.sort_by(|&x, &y| {
        let (sx, sy) = (!root_ids.contains(&x.into()), !root_ids.contains(&y.into()));
        (sx, &b.texts[x as usize]).cmp(&(sy, &b.texts[y as usize]))
    });
    let mut final_id = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        final_id[old as usize] = u32::try_from(new).unwrap_or(u32::MAX);
    }
    (order, final_id)
}

fn push32(out: &mut Vec<u8>, x: usize) -> Result<(), String> {
    let x = u32::try_from(x).map_err(|_| format!("{x} does not fit the packed trie"))?;
    out.extend_from_slice(&x.to_le_bytes());
    Ok(())
}

/// Packs `names` (`names.tsv`: `KIND<TAB>name`, a `-` after the kind for a minor place; a
/// later line sets the type again) and `titles` (one per line).
pub fn pack(names: &str, titles: &str, split: Split<'_>) -> Result<Packing, String> {
    let mut b = Builder {
        split,
        vocab: HashMap::new(),
        texts: Vec::new(),
        nodes: vec![BNode::default()],
        max_len: 0,
        spans: Vec::new(),
    };
    let mut lower_starts = HashSet::new();
    for line in lines(names) {
        let Some((kind, name)) = line.split_once('\t') else {
            continue;
        };
        let (kind, minor) = kind.strip_suffix('-').map_or((kind, false), |k| (k, true));
        let Some(code) = LABELS.iter().position(|l| l.eq_ignore_ascii_case(kind)) else {
            continue;
        };
        if name.starts_with(|c: char| c.is_lowercase())
            && let Some(w) = name.split(|c: char| !c.is_alphanumeric()).next()
        {
            lower_starts.insert(w.to_owned());
        }
        let code = u8::try_from(code + 1).unwrap_or(0);
        b.insert(name, |m| {
            *m = (*m & !KIND) | code | if minor { MINOR } else { 0 }
        });
    }
    for t in lines(titles) {
        b.insert(t, |m| *m |= TITLE);
    }
    let mut lower_starts: Vec<String> = lower_starts.into_iter().collect();
    lower_starts.sort_unstable();

    let (order, final_id) = final_ids(&b);
    let rekey = |k: u64| {
        let id = final_id[usize::try_from(k >> 1).unwrap_or(0)];
        (u64::from(id) << 1) | (k & 1)
    };

    // nodes breadth first, children by key: each node's children get consecutive numbers;
    // `children[i]` is where node i's children start (and the last entry, the end)
    let mut bfs: Vec<(usize, u64)> = vec![(0, 0)];
    let mut children = Vec::new();
    let mut at = 0;
    while let Some(&(node, _)) = bfs.get(at) {
        children.push(bfs.len());
        let mut kids: Vec<(u64, usize)> = b.nodes[node]
            .children
            .iter()
            .map(|(&k, &c)| (rekey(k), c))
            .collect();
        kids.sort_unstable();
        bfs.extend(kids.into_iter().map(|(k, c)| (c, k)));
        at += 1;
    }
    children.push(bfs.len());

    let vocab = order.len();
    let bits = (vocab * 4 / 3 + 1)
        .next_power_of_two()
        .trailing_zeros()
        .max(4);
    let tags = tag_bits(vocab);
    if tags < 8 {
        return Err(format!("{vocab} token texts leave too few tag bits"));
    }
    let mut table = vec![0u32; 1 << bits];
    let mut offsets = vec![0usize];
    let mut text = Vec::new();
    for (id, &old) in order.iter().enumerate() {
        let t = b.texts[old as usize].as_bytes();
        text.extend_from_slice(t);
        offsets.push(text.len());
        let (mut slot, tag) = slot_and_tag(hash(t), bits, tags);
        while table[slot] != 0 {
            slot = (slot + 1) & ((1 << bits) - 1);
        }
        table[slot] = ((u32::try_from(id).unwrap_or(u32::MAX) + 1) << tags) | tag;
    }

    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC.to_le_bytes());
    let root = b.nodes[0].children.len();
    for x in [vocab, root, bfs.len(), bits as usize, b.max_len, text.len()] {
        push32(&mut out, x)?;
    }
    debug_assert_eq!(out.len(), HEADER * 4);
    for x in table {
        out.extend_from_slice(&x.to_le_bytes());
    }
    for x in offsets.into_iter().chain(children) {
        push32(&mut out, x)?;
    }
    // the keys of the root and its children are implicit
    for &(_, k) in bfs.iter().skip(root + 1) {
        push32(&mut out, usize::try_from(k).unwrap_or(usize::MAX))?;
    }
    out.extend(bfs.iter().map(|&(n, _)| b.nodes[n].mark));
    out.extend_from_slice(&text);
    Ok(Packing {
        bytes: out,
        lower_starts,
    })
}

/// Lines per block of a front-coded list.
pub const BLOCK: usize = 16;

/// Front-codes a sorted list (one entry a line, as [`super::packed::WordSet`] reads it):
/// blocks of [`BLOCK`] entries, each the first in full (`len`, bytes) then the others as the
/// length they share with the one before and the rest (one byte `shared << 4 | rest` when
/// both are under 15, else `0xFF`, `shared`, `rest`); after a count of blocks and their
/// offsets. Entries must be sorted, unique, and at most 255 bytes.
pub fn front_code(list: &str) -> Result<Vec<u8>, String> {
    let entries: Vec<&[u8]> = list.lines().map(str::as_bytes).collect();
    if let Some(w) = entries.windows(2).find(|p| p[0] >= p[1]) {
        return Err(format!(
            "not sorted and unique: {:?}",
            String::from_utf8_lossy(w[1])
        ));
    }
    let mut data = Vec::new();
    let mut offsets = Vec::new();
    for (i, &e) in entries.iter().enumerate() {
        let len = u8::try_from(e.len()).map_err(|_| "an entry is over 255 bytes".to_owned())?;
        if i % BLOCK == 0 {
            offsets.push(data.len());
            data.push(len);
            data.extend_from_slice(e);
            continue;
        }
        let prev = entries[i - 1];
        let shared = prev.iter().zip(e).take_while(|(a, b)| a == b).count();
        let rest = e.len() - shared;
        match (u8::try_from(shared), u8::try_from(rest)) {
            (Ok(s), Ok(r)) if s < 15 && r < 15 => data.push((s << 4) | r),
            (Ok(s), Ok(r)) => data.extend_from_slice(&[0xFF, s, r]),
            _ => return Err("an entry is over 255 bytes".to_owned()),
        }
        data.extend_from_slice(&e[shared..]);
    }
    let mut out = Vec::new();
    push32(&mut out, offsets.len())?;
    for o in offsets {
        push32(&mut out, o)?;
    }
    out.extend_from_slice(&data);
    Ok(out)
}
