//! The gazetteer phrase trie as packed little-endian arrays, searched in place.
//!
//! `build.rs` packs `assets/gazetteers/names.tsv` and `titles.txt` with [`super::pack`] at
//! compile time and the binary embeds the result (`include_bytes!`), so the recogniser builds
//! nothing on the heap for its 38,000 names: the pages it reads are those of the executable,
//! shared and never copied. The heap trie this replaced (hash maps of token ids, edges and
//! nodes) cost 4.5 MB per recogniser, a third of the reader's memory on a small article.
//!
//! Layout (every number a little-endian `u32` unless said otherwise), after a header of
//! [`HEADER`] numbers (magic, vocabulary size, root children, nodes, table bits, longest
//! phrase, text bytes):
//!
//! - the vocabulary hash table: `1 << bits` slots, each `0` (empty) or the token id plus one
//!   above a tag of the hash (so a probe compares text only when the tags agree);
//! - vocabulary offsets: `vocab + 1` starts of each token's text in the text section;
//! - children: `nodes + 1` numbers; the children of node `n` are the nodes
//!   `children[n]..children[n + 1]` (nodes are numbered breadth first, so they are
//!   consecutive), sorted by their key;
//! - keys: per node after the root's children, the edge leading to it: `token id << 1 |
//!   whitespace before` (the root's children are implicit, see below);
//! - marks: one byte per node: the name type (0 none, else the index of a built-in type plus
//!   one, in `EntityKind::BUILTIN` order) in the low four bits, [`TITLE`] and [`MINOR`];
//! - the token texts, normalised (typographic apostrophes folded), concatenated.
//!
//! The root's children are the tokens that start a phrase, and they get the first ids in the
//! same order, so the first step of a walk is a comparison, not a search.

// (`super::tokens` is the tokenizer both in the crate and in `build.rs`)
use super::tokens::load8;

/// `"GLPT"`: a packed phrase trie.
pub const MAGIC: u32 = u32::from_le_bytes(*b"GLPT");
/// Numbers in the header.
pub const HEADER: usize = 7;
/// Mark bit: a person title (`President`).
pub const TITLE: u8 = 1 << 4;
/// Mark bit: a minor place.
pub const MINOR: u8 = 1 << 5;
/// Mask of the name type in a mark byte.
pub const KIND: u8 = 0x0F;

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hash of a token text (FxHash over zero-padded eight-byte chunks, at least two, then the
/// length, then mixed so that both the high bits (the slot) and the low bits (the tag) vary).
#[inline]
pub fn hash(b: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut at = 0;
    loop {
        h = (h.rotate_left(5) ^ load8(b, at)).wrapping_mul(K);
        at += 8;
        if at >= b.len() && at >= 16 {
            break;
        }
    }
    h = (h.rotate_left(5) ^ b.len() as u64).wrapping_mul(K);
    h ^ (h >> 29)
}

/// Bits of a slot that hold the tag, for a vocabulary of `vocab` ids.
pub fn tag_bits(vocab: usize) -> u32 {
    // ids are stored plus one
    32 - (usize::BITS - (vocab + 1).leading_zeros()).max(1)
}

/// The slot a table of `bits` bits starts probing at, and the tag (in `tag_bits` bits).
#[inline]
pub fn slot_and_tag(h: u64, bits: u32, tag_bits: u32) -> (usize, u32) {
    let slot = usize::try_from(h >> (64 - bits)).unwrap_or(0);
    #[allow(clippy::cast_possible_truncation)] // the low bits, by design
    let tag = (h as u32) & ((1u32 << tag_bits) - 1);
    (slot, tag)
}

/// A packed trie borrowed from its bytes (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Packed<'a> {
    table: &'a [u8],
    offsets: &'a [u8],
    children: &'a [u8],
    keys: &'a [u8],
    marks: &'a [u8],
    text: &'a [u8],
    bits: u32,
    tag_bits: u32,
    /// Tokens that start a phrase (ids `0..root`).
    root: u32,
    /// Longest phrase in tokens.
    pub max_len: usize,
}

#[inline]
fn u32_at(s: &[u8], i: usize) -> Option<u32> {
    let at = i.checked_mul(4)?;
    let b = s.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(<[u8; 4]>::try_from(b).ok()?))
}

impl<'a> Packed<'a> {
    /// Reads a packed trie; `None` if `bytes` is not one (wrong magic or sizes).
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let head = |i| u32_at(bytes, i).and_then(|x| usize::try_from(x).ok());
        if u32_at(bytes, 0)? != MAGIC {
            return None;
        }
        let (vocab, root, nodes, bits, max_len, text_len) =
            (head(1)?, head(2)?, head(3)?, head(4)?, head(5)?, head(6)?);
        let bits = u32::try_from(bits).ok().filter(|b| (1..32).contains(b))?;
        let mut rest = bytes.get(HEADER * 4..)?;
        let mut take = |n: usize| {
            let (a, b) = rest.split_at_checked(n)?;
            rest = b;
            Some(a)
        };
        let packed = Self {
            table: take(4 << bits)?,
            offsets: take(4 * (vocab + 1))?,
            children: take(4 * (nodes + 1))?,
            keys: take(4 * nodes.checked_sub(root + 1)?)?,
            marks: take(nodes)?,
            text: take(text_len)?,
            bits,
            tag_bits: tag_bits(vocab),
            root: u32::try_from(root).ok()?,
            max_len,
        };
        rest.is_empty().then_some(packed)
    }

    /// The id of the (normalised) token text `t`, if some phrase holds it.
    #[inline]
    pub fn id(&self, text: &[u8]) -> Option<u32> {
        let (mut slot, tag) = slot_and_tag(hash(text), self.bits, self.tag_bits);
        let mask = (1usize << self.bits) - 1;
        loop {
            let entry = u32_at(self.table, slot)?;
            if entry == 0 {
                return None;
            }
            if entry & ((1 << self.tag_bits) - 1) == tag {
                let id = (entry >> self.tag_bits) - 1;
                let at = id as usize;
                let start = u32_at(self.offsets, at)? as usize;
                let end = u32_at(self.offsets, at + 1)? as usize;
                if self.text.get(start..end)? == text {
                    return Some(id);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The node after `node` by token `id` (`space`: whitespace precedes it).
    #[inline]
    pub fn step(&self, node: u32, space: bool, id: u32) -> Option<u32> {
        if node == 0 {
            // the root's children are the first ids, in order
            return (!space && id < self.root).then_some(id + 1);
        }
        let key = (id << 1) | u32::from(space);
        let n = node as usize;
        let (mut lo, mut hi) = (u32_at(self.children, n)?, u32_at(self.children, n + 1)?);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // (children of a node other than the root come after the root's children)
            let k = u32_at(self.keys, mid.checked_sub(self.root + 1)? as usize)?;
            match k.cmp(&key) {
                std::cmp::Ordering::Equal => return Some(mid),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// The mark byte of `node`.
    #[inline]
    pub fn mark(&self, node: u32) -> u8 {
        self.marks.get(node as usize).copied().unwrap_or(0)
    }

    /// How many distinct token texts and nodes the trie has.
    pub fn sizes(&self) -> (usize, usize) {
        (self.offsets.len() / 4 - 1, self.marks.len())
    }
}

/// A sorted word list, front-coded (see `pack::front_code`) and searched in place: the block
/// whose first entry is the last not after the word is bisected for, then decoded entry by
/// entry. The word lists were the largest part of the lexicon's memory after the trie; front
/// coding keeps 45 % of their bytes, and a lookup reads two or three cache lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordSet<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    blocks: usize,
}

impl<'a> WordSet<'a> {
    /// Reads a front-coded list; `None` if `bytes` is not one.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let blocks = usize::try_from(u32_at(bytes, 0)?).ok()?;
        let (offsets, data) = bytes.get(4..)?.split_at_checked(blocks.checked_mul(4)?)?;
        Some(Self {
            offsets,
            data,
            blocks,
        })
    }

    /// The bytes of block `b` and its first entry.
    fn block(&self, b: usize) -> Option<(&'a [u8], &'a [u8])> {
        let start = u32_at(self.offsets, b)? as usize;
        let end = u32_at(self.offsets, b + 1).map_or(self.data.len(), |e| e as usize);
        let block = self.data.get(start..end)?;
        let (&len, rest) = block.split_first()?;
        let head = rest.get(..usize::from(len))?;
        Some((rest.get(usize::from(len)..)?, head))
    }

    pub fn contains(&self, w: &str) -> bool {
        let key = w.as_bytes();
        // the first block whose first entry is after the key; the key can only be before it
        let (mut lo, mut hi) = (0, self.blocks);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.block(mid) {
                Some((_, head)) if head <= key => lo = mid + 1,
                _ => hi = mid,
            }
        }
        let Some((mut rest, head)) = lo.checked_sub(1).and_then(|b| self.block(b)) else {
            return false;
        };
        let mut buf = [0u8; 256];
        let mut len = head.len();
        buf[..len].copy_from_slice(head);
        loop {
            match buf[..len].cmp(key) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Greater => return false,
                std::cmp::Ordering::Less => {}
            }
            let Some((&header, tail)) = rest.split_first() else {
                return false;
            };
            let (shared, more, tail) = if header == 0xFF {
                match tail {
                    [shared, more, tail @ ..] => (usize::from(*shared), usize::from(*more), tail),
                    _ => return false,
                }
            } else {
                (usize::from(header >> 4), usize::from(header & 0x0F), tail)
            };
            let (Some(suffix), Some(dst)) = (tail.get(..more), buf.get_mut(shared..shared + more))
            else {
                return false;
            };
            dst.copy_from_slice(suffix);
            len = shared + more;
            rest = tail.get(more..).unwrap_or_default();
        }
    }
}
