//! Access-mask codes of SDDL: the two-letter rights, how the rights field is read (Windows'
//! `wcstoul` number rules) and how Windows prints a mask.

/// Generic and standard rights.
pub const GENERIC_READ: u32 = 0x8000_0000;
pub const GENERIC_WRITE: u32 = 0x4000_0000;
pub const GENERIC_EXECUTE: u32 = 0x2000_0000;
pub const GENERIC_ALL: u32 = 0x1000_0000;
pub const MAXIMUM_ALLOWED: u32 = 0x0200_0000;
pub const ACCESS_SYSTEM_SECURITY: u32 = 0x0100_0000;
pub const SYNCHRONIZE: u32 = 0x0010_0000;
pub const WRITE_OWNER: u32 = 0x0008_0000;
pub const WRITE_DAC: u32 = 0x0004_0000;
pub const READ_CONTROL: u32 = 0x0002_0000;
pub const DELETE: u32 = 0x0001_0000;

/// Every two-letter right SDDL accepts, with its value (sddl.h; learn.microsoft.com
/// "ACE strings"; values confirmed by the Windows vectors in `tests/data`).
pub static RIGHT_CODES: &[(&str, u32)] = &RIGHT_CODE_TABLE;

const RIGHT_CODE_TABLE: [(&str, u32); 28] = [
    ("GA", GENERIC_ALL),
    ("GR", GENERIC_READ),
    ("GW", GENERIC_WRITE),
    ("GX", GENERIC_EXECUTE),
    ("RC", READ_CONTROL),
    ("SD", DELETE),
    ("WD", WRITE_DAC),
    ("WO", WRITE_OWNER),
    ("RP", 0x10),
    ("WP", 0x20),
    ("CC", 0x1),
    ("DC", 0x2),
    ("LC", 0x4),
    ("SW", 0x8),
    ("LO", 0x80),
    ("DT", 0x40),
    ("CR", 0x100),
    ("FA", 0x001f_01ff),
    ("FR", 0x0012_0089),
    ("FW", 0x0012_0116),
    ("FX", 0x0012_00a0),
    ("KA", 0x000f_003f),
    ("KR", 0x0002_0019),
    ("KW", 0x0002_0006),
    ("KX", 0x0002_0019),
    ("NW", 0x1),
    ("NR", 0x2),
    ("NX", 0x4),
];

/// Single-bit letters in the order Windows prints them (ascending bit).
const BIT_LETTERS: &[(&str, u32)] = &[
    ("CC", 0x1),
    ("DC", 0x2),
    ("LC", 0x4),
    ("SW", 0x8),
    ("RP", 0x10),
    ("WP", 0x20),
    ("DT", 0x40),
    ("LO", 0x80),
    ("CR", 0x100),
    ("SD", DELETE),
    ("RC", READ_CONTROL),
    ("WD", WRITE_DAC),
    ("WO", WRITE_OWNER),
    ("GA", GENERIC_ALL),
    ("GX", GENERIC_EXECUTE),
    ("GW", GENERIC_WRITE),
    ("GR", GENERIC_READ),
];

/// Masks Windows prints as one combined code when the mask equals them exactly (first match
/// wins: `KR` and `KX` are the same value and Windows prints `KR`).
const EXACT_CODES: &[([u8; 2], u32)] = &[
    (*b"FA", 0x001f_01ff),
    (*b"FR", 0x0012_0089),
    (*b"FW", 0x0012_0116),
    (*b"FX", 0x0012_00a0),
    (*b"KA", 0x000f_003f),
    (*b"KR", 0x0002_0019),
    (*b"KW", 0x0002_0006),
];

/// A multiplicative hash that gives each of the seven [`EXACT_CODES`] a slot of its own among 8
/// (found by a search; the table below fails to build if two ever share one).
const fn exact_slot(mask: u32) -> usize {
    (mask.wrapping_mul(0x966b_aea1) >> 29) as usize
}

/// [`EXACT_CODES`] by slot (mask 0 where none: `mask_text` returns before looking up 0), so
/// finding the code of a mask is one probe and one comparison instead of a search.
const EXACT_BY_SLOT: [(u32, [u8; 2]); 8] = {
    let mut t = [(0u32, [0u8; 2]); 8];
    let mut i = 0;
    while i < EXACT_CODES.len() {
        let s = exact_slot(EXACT_CODES[i].1);
        assert!(t[s].0 == 0, "exact codes must hash to distinct slots");
        t[s] = (EXACT_CODES[i].1, EXACT_CODES[i].0);
        i += 1;
    }
    t
};

const LETTER_BITS: u32 = 0xf00f_01ff;

/// The letter of each bit in [`LETTER_BITS`], by bit position ("" elsewhere).
const LETTER_BY_BIT: [[u8; 2]; 32] = {
    let mut t = [[0u8; 2]; 32];
    let mut i = 0;
    while i < BIT_LETTERS.len() {
        let c = BIT_LETTERS[i].0.as_bytes();
        t[BIT_LETTERS[i].1.trailing_zeros() as usize] = [c[0], c[1]];
        i += 1;
    }
    t
};

/// Mandatory-label policy letters (`NW`, `NR`, `NX`), printed for `ML` ACEs.
const LABEL_LETTERS: &[([u8; 2], u32)] = &[(*b"NW", 0x1), (*b"NR", 0x2), (*b"NX", 0x4)];

/// The value of a two-letter right, case-insensitively.
pub fn right_code(code: &[u8]) -> Option<u32> {
    match *code {
        [a, b] => right_letters(a, b),
        _ => None,
    }
}

/// The value of the right spelled by two bytes, case-insensitively.
#[inline]
pub(crate) fn right_letters(a: u8, b: u8) -> Option<u32> {
    // No right is 0, so 0 in the table means "no such code".
    match RIGHT_VALUE[crate::sid::letter_slot(a, b)] {
        0 => None,
        v => Some(v),
    }
}

/// The value of each right by letter slot; 0 where there is none.
const RIGHT_VALUE: [u32; crate::sid::LETTER_SLOTS] = {
    let mut value = [0u32; crate::sid::LETTER_SLOTS];
    let mut i = 0;
    while i < RIGHT_CODE_TABLE.len() {
        assert!(RIGHT_CODE_TABLE[i].1 != 0, "no right is 0");
        value[crate::sid::code_slot(RIGHT_CODE_TABLE[i].0)] = RIGHT_CODE_TABLE[i].1;
        i += 1;
    }
    value
};

/// Appends the rights field as Windows prints it. `label` selects the `NW`/`NR`/`NX` letters
/// of mandatory-label ACEs.
pub fn write_mask(out: &mut String, mask: u32, label: bool) {
    crate::out::append(out, |b| mask_bytes(b, mask, label));
}

/// [`write_mask`] into the formatter's buffer.
pub(crate) fn mask_bytes(out: &mut Vec<u8>, mask: u32, label: bool) {
    let mut text = crate::out::Text::<{ MAX_MASK_TEXT + 16 }>::new();
    text.write(|b, n| mask_into(b, n, mask, label));
    out.extend_from_slice(text.as_bytes());
}

/// The longest rights text: the 17 single-bit letters.
pub(crate) const MAX_MASK_TEXT: usize = 34;

/// The letters of each value of four mask bits, in ascending bit order (Windows' letter
/// order), for the bits at `shift`; 0 bytes past the letters.
const fn nibble_letters(shift: u32) -> [[u8; 8]; 16] {
    let mut t = [[0u8; 8]; 16];
    let mut v = 0;
    while v < 16 {
        let mut n = 0;
        let mut bit = 0;
        while bit < 4 {
            if v & (1 << bit) != 0 {
                let l = LETTER_BY_BIT[shift as usize + bit];
                assert!(l[0] != 0, "every bit of a letter nibble has a letter");
                t[v][n] = l[0];
                t[v][n + 1] = l[1];
                n += 2;
            }
            bit += 1;
        }
        v += 1;
    }
    t
}

/// [`nibble_letters`] of the four nibbles of [`LETTER_BITS`] with four letters (bit 8, `CR`,
/// is on its own).
const NIBBLE_LETTERS: [[[u8; 8]; 16]; 4] = [
    nibble_letters(0),
    nibble_letters(4),
    nibble_letters(16),
    nibble_letters(28),
];

/// The length of the letters of each nibble: two per set bit (a table: `count_ones` is no
/// single instruction on the baseline x86-64).
const NIBBLE_LEN: [u8; 16] = {
    let mut t = [0u8; 16];
    let mut v = 0;
    while v < 16 {
        t[v] = 2 * (v as u32).count_ones() as u8;
        v += 1;
    }
    t
};

/// [`write_mask`] at `buf[n..]`, which must have room for [`MAX_MASK_TEXT`] bytes and 16 more
/// (see [`crate::out::put`]). Returns the position after the rights.
#[inline]
pub(crate) fn mask_into(buf: &mut [u8], n: usize, mask: u32, label: bool) -> usize {
    use crate::out::{put, put_hex};
    if mask == 0 {
        return n;
    }
    if label && mask & !0x7 == 0 {
        let mut n = n;
        for &(c, bit) in LABEL_LETTERS {
            if mask & bit != 0 {
                n = put(buf, n, &c);
            }
        }
        return n;
    }
    let (v, c) = EXACT_BY_SLOT[exact_slot(mask)];
    if v == mask {
        return put(buf, n, &c);
    }
    if mask & !LETTER_BITS == 0 {
        // Set bits in ascending order, which is Windows' letter order: the letters of each
        // nibble from a table (eight bytes stored, the letters kept), then `CR`. Written in a
        // 48-byte window checked once: every offset below is at most 26 (8 + 8 + 2 + 8), kept
        // below 32 by a mask the compiler can see, so the stores need no bounds checks.
        let w: &mut [u8; 48] = (&mut buf[n..n + 48]).try_into().expect("48 bytes");
        let mut at = 0usize;
        for (k, shift) in [0u32, 4].into_iter().enumerate() {
            let nib = ((mask >> shift) & 0xf) as usize;
            put(w, at & 31, &NIBBLE_LETTERS[k][nib]);
            at += NIBBLE_LEN[nib] as usize;
        }
        put(w, at & 31, b"CR");
        at += 2 * ((mask >> 8) & 1) as usize;
        for (k, shift) in [16u32, 28].into_iter().enumerate() {
            let nib = ((mask >> shift) & 0xf) as usize;
            put(w, at & 31, &NIBBLE_LETTERS[k + 2][nib]);
            at += NIBBLE_LEN[nib] as usize;
        }
        return n + at;
    }
    let n = put(buf, n, b"0x");
    put_hex(buf, n, mask as u64, false)
}

/// Reads a number the way MSVC's `wcstoul(s, &end, 0)` does at `b[pos..]`: optional sign,
/// base from the prefix (`0x` hex, `0` octal, else decimal), saturating at `u32::MAX` on
/// overflow, then negated (mod 2^32) when the sign was `-`. Returns the value and the end
/// position, or `None` when no digit was read.
pub(crate) fn wcstoul(b: &[u8], mut pos: usize) -> Option<(u32, usize)> {
    let mut neg = false;
    if pos < b.len() && (b[pos] == b'-' || b[pos] == b'+') {
        neg = b[pos] == b'-';
        pos += 1;
    }
    let mut radix = 10u64;
    if pos < b.len() && b[pos] == b'0' {
        if pos + 1 < b.len()
            && (b[pos + 1] == b'x' || b[pos + 1] == b'X')
            && pos + 2 < b.len()
            && b[pos + 2].is_ascii_hexdigit()
        {
            radix = 16;
            pos += 2;
        } else {
            radix = 8;
        }
    }
    let start = pos;
    let mut value: u64 = 0;
    let mut overflow = false;
    while pos < b.len() {
        let d = match b[pos] {
            c @ b'0'..=b'9' => (c - b'0') as u64,
            c @ b'a'..=b'f' => (c - b'a' + 10) as u64,
            c @ b'A'..=b'F' => (c - b'A' + 10) as u64,
            _ => break,
        };
        if d >= radix {
            break;
        }
        value = value * radix + d;
        if value > u32::MAX as u64 {
            overflow = true;
            value = u32::MAX as u64;
        }
        pos += 1;
    }
    if pos == start && radix != 8 {
        return None;
    }
    let mut v = if overflow { u32::MAX } else { value as u32 };
    if neg {
        v = v.wrapping_neg();
    }
    Some((v, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(mask: u32) -> String {
        let mut s = String::new();
        write_mask(&mut s, mask, false);
        s
    }

    #[test]
    fn prints_like_windows() {
        assert_eq!(fmt(0), "");
        assert_eq!(fmt(0x1f01ff), "FA");
        assert_eq!(fmt(0x1ff), "CCDCLCSWRPWPDTLOCR");
        assert_eq!(fmt(0xe00f0000), "SDRCWDWOGXGWGR");
        assert_eq!(fmt(0xf0000000), "GAGXGWGR");
        assert_eq!(fmt(0x2001f), "CCDCLCSWRPRC");
        assert_eq!(fmt(0x12019f), "0x12019f");
        assert_eq!(fmt(0x20019), "KR");
        assert_eq!(fmt(0x201f01ff), "0x201f01ff");
        let mut s = String::new();
        write_mask(&mut s, 3, true);
        assert_eq!(s, "NWNR");
    }

    #[test]
    fn letter_tables_match_a_bit_loop() {
        // The obvious printer, for reference: a letter per set bit, lowest first.
        fn reference(mask: u32) -> String {
            let mut s = String::new();
            for (bit, l) in LETTER_BY_BIT.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    s.push(l[0] as char);
                    s.push(l[1] as char);
                }
            }
            s
        }
        let mut masks: Vec<u32> = (0..32).map(|b| 1u32 << b).collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            masks.push(x as u32);
            masks.push(x as u32 & LETTER_BITS);
            masks.push((x >> 32) as u32 & LETTER_BITS & (x as u32));
        }
        masks.push(LETTER_BITS);
        for m in masks {
            let exact = EXACT_CODES.iter().find(|c| c.1 == m);
            let want = if m == 0 {
                String::new()
            } else if let Some((c, _)) = exact {
                String::from_utf8(c.to_vec()).unwrap()
            } else if m & !LETTER_BITS == 0 {
                reference(m)
            } else {
                format!("0x{m:x}")
            };
            assert_eq!(fmt(m), want, "{m:#x}");
        }
    }

    fn num(s: &str) -> Option<(u32, usize)> {
        wcstoul(s.as_bytes(), 0)
    }

    #[test]
    fn wcstoul_like_msvc() {
        assert_eq!(num("123456789"), Some((123456789, 9)));
        assert_eq!(num("01234567"), Some((0o1234567, 8)));
        assert_eq!(num("0x123456789"), Some((u32::MAX, 11)));
        assert_eq!(num("100000000000000000000000").unwrap().0, u32::MAX);
        assert_eq!(num("-99").unwrap().0, 0xffffff9d);
        assert_eq!(num("-0xffffff55").unwrap().0, 0xab);
        assert_eq!(num("-9876543210").unwrap().0, 1);
        assert_eq!(num("0xFFFFFGR"), Some((0xfffff, 7)));
        assert_eq!(num("0x 1"), Some((0, 1)));
        assert_eq!(num("08"), Some((0, 1)));
        assert_eq!(num("x"), None);
        assert_eq!(num("-"), None);
    }
}
