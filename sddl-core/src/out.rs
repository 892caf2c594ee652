//! Byte output for the formatters.
//!
//! The formatters write into a `Vec<u8>`: appending a short code of known length is then one
//! store instead of a call to `memcpy` (what `String::push_str` does for a length it does not
//! know), and numbers are written without `fmt` or a copy through a temporary string. Every byte
//! written is ASCII or a whole `&str`, so the buffer is always UTF-8; [`into_string`] converts it
//! at the end with one validation pass, without `unsafe`.

/// The buffer as a `String`. Formatters write only ASCII and whole `&str`s, so this never
/// replaces anything; were it ever given invalid UTF-8 it would substitute U+FFFD rather than
/// panic.
pub(crate) fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Runs a byte writer and appends what it wrote to `out` (for the `String` API of the public
/// writers).
pub(crate) fn append(out: &mut String, write: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = Vec::new();
    write(&mut bytes);
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// Appends a code of one or two bytes (ACE types, aliases, rights) with fixed-size stores;
/// anything longer is copied as usual.
#[inline]
pub(crate) fn push_code(out: &mut Vec<u8>, code: &str) {
    match *code.as_bytes() {
        [a, b] => out.extend_from_slice(&[a, b]),
        [a] => out.push(a),
        _ => out.extend_from_slice(code.as_bytes()),
    }
}

/// `"00" "01" ... "99"`.
const DEC_PAIRS: &[u8; 200] = &{
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// Appends `v` in decimal.
pub(crate) fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let len = v.checked_ilog10().map_or(1, |l| l as usize + 1);
    // The digits go left-aligned into a fixed buffer, which is appended whole (one fixed-size
    // copy) and then cut to length.
    let mut buf = [b'0'; 20];
    let mut i = len;
    while v >= 100 {
        let r = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i] = DEC_PAIRS[r];
        buf[i + 1] = DEC_PAIRS[r + 1];
    }
    if v >= 10 {
        let r = v as usize * 2;
        buf[i - 2] = DEC_PAIRS[r];
        buf[i - 1] = DEC_PAIRS[r + 1];
    } else {
        buf[i - 1] = b'0' + v as u8;
    }
    let start = out.len();
    out.extend_from_slice(&buf);
    out.truncate(start + len);
}

/// The eight decimal digits of `v` (below 10^8, leading zeros included) as ASCII, the first digit
/// in the lowest byte. SWAR: both halves of four digits, then all four pairs, then all eight
/// digits are split at once in one `u64` (division by 100 and by 10 as multiply and shift, exact
/// in these ranges; `eight_digits_matches_division` checks every 4-digit value).
#[inline]
fn eight_digits(v: u32) -> u64 {
    eight_digit_values(v) + 0x3030_3030_3030_3030
}

/// [`eight_digits`] before they become ASCII: each byte the value of its digit.
#[inline]
fn eight_digit_values(v: u32) -> u64 {
    let x = (v / 10_000) as u64 | ((v % 10_000) as u64) << 32;
    // Each 32-bit lane (below 10^4) to [lane / 100, lane % 100] in 16-bit lanes.
    let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
    let y = (x - hundreds * 100) << 16 | hundreds;
    // Each 16-bit lane (below 100) to [lane / 10, lane % 10] in bytes.
    let tens = ((y * 103) >> 10) & 0x000f_000f_000f_000f;
    (y - tens * 10) << 8 | tens
}

/// Appends `v` in decimal.
#[cfg(test)]
pub(crate) fn push_u32(out: &mut Vec<u8>, v: u32) {
    let mut d = Text::<32>::new();
    d.push_u32(v);
    out.extend_from_slice(d.as_bytes());
}

/// Writers at a cursor: each writes at `buf[n..]` and returns the position after what it
/// wrote. The cursor is a value (kept in a register), where a length field behind a reference
/// is loaded and stored around every write. Numbers are written with fixed-size stores of up to
/// 16 bytes, cut to length afterwards, so a buffer needs 16 bytes of room past its longest text.
/// Out of room is a panic (a bounds check), never a silent cut: buffers are sized for the
/// longest text they can hold.
#[inline(always)]
pub(crate) fn put<const M: usize>(buf: &mut [u8], n: usize, s: &[u8; M]) -> usize {
    let dst: &mut [u8; M] = (&mut buf[n..n + M]).try_into().expect("M bytes");
    *dst = *s;
    n + M
}

/// One byte.
#[inline(always)]
pub(crate) fn put_byte(buf: &mut [u8], n: usize, b: u8) -> usize {
    buf[n] = b;
    n + 1
}

/// A code of one or two bytes (ACE types, aliases); anything longer is copied as usual.
#[inline(always)]
pub(crate) fn put_code(buf: &mut [u8], n: usize, code: &str) -> usize {
    match *code.as_bytes() {
        [a, b] => put(buf, n, &[a, b]),
        [a] => put_byte(buf, n, a),
        _ => put_slice(buf, n, code.as_bytes()),
    }
}

pub(crate) fn put_slice(buf: &mut [u8], n: usize, s: &[u8]) -> usize {
    buf[n..n + s.len()].copy_from_slice(s);
    n + s.len()
}

/// `v` in decimal.
#[inline(always)]
pub(crate) fn put_u32(buf: &mut [u8], n: usize, v: u32) -> usize {
    let window: &mut [u8; 16] = (&mut buf[n..n + 16]).try_into().expect("16 bytes");
    if v < 100_000_000 {
        // The leading zeros are the low bytes that are 0 before the digits become ASCII.
        let z = eight_digit_values(v);
        let len = (8 - (z.trailing_zeros() / 8) as usize).max(1);
        // Drop the leading zeros, store eight bytes, keep `len`.
        let w = (z + 0x3030_3030_3030_3030) >> (8 * (8 - len));
        window[..8].copy_from_slice(&w.to_le_bytes());
        n + len
    } else {
        let hi = v / 100_000_000; // 1 to 42
        let lo = eight_digits(v % 100_000_000).to_le_bytes();
        let r = hi as usize * 2;
        // Both digits of `hi` are stored; the second is overwritten when `hi` has one.
        let k = (hi >= 10) as usize;
        window[..2].copy_from_slice(&[
            if k == 1 {
                DEC_PAIRS[r]
            } else {
                b'0' + hi as u8
            },
            DEC_PAIRS[r + 1],
        ]);
        window[1 + k..9 + k].copy_from_slice(&lo);
        n + 9 + k
    }
}

/// `v` in hex without leading zeros.
pub(crate) fn put_hex(buf: &mut [u8], n: usize, v: u64, upper: bool) -> usize {
    let (text, len) = hex_text(v, upper);
    put_slice(buf, n, &text[..len])
}

/// Two lower-case hex digits.
#[inline]
pub(crate) fn put_hex_byte(buf: &mut [u8], n: usize, b: u8) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    put(buf, n, &[HEX[(b >> 4) as usize], HEX[(b & 15) as usize]])
}

/// A short text built on the stack (a SID, a rights field), appended to the output in one
/// copy; written with the cursor writers above, so `N` must exceed the longest text by 16.
pub(crate) struct Text<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    pub(crate) fn new() -> Self {
        Text {
            buf: [0; N],
            len: 0,
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Runs a cursor writer at the end of the text.
    #[inline(always)]
    pub(crate) fn write(&mut self, f: impl FnOnce(&mut [u8], usize) -> usize) {
        self.len = f(&mut self.buf, self.len);
    }

    #[cfg(test)]
    pub(crate) fn push_u32(&mut self, v: u32) {
        self.write(|b, n| put_u32(b, n, v));
    }
}

/// Appends `v` in hex without leading zeros (`0` for zero).
pub(crate) fn push_hex(out: &mut Vec<u8>, v: u64, upper: bool) {
    let (text, len) = hex_text(v, upper);
    out.extend_from_slice(&text[..len]);
}

/// The hex digits of `v` without leading zeros (`0` for zero), and how many there are.
fn hex_text(mut v: u64, upper: bool) -> ([u8; 16], usize) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let len = 16 - (v | 1).leading_zeros() as usize / 4;
    let mut buf = [b'0'; 16];
    let mut i = len;
    while i > 0 {
        i -= 1;
        buf[i] = digits[(v & 0xf) as usize];
        v >>= 4;
    }
    (buf, len)
}

/// Appends `v` in octal without leading zeros (`0` for zero).
pub(crate) fn push_octal(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 22];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v & 7) as u8;
        v >>= 3;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends two lower-case hex digits.
pub(crate) fn push_hex_byte(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(v: u64) -> String {
        let mut b = Vec::new();
        push_u64(&mut b, v);
        into_string(b)
    }

    fn hex(v: u64, upper: bool) -> String {
        let mut b = Vec::new();
        push_hex(&mut b, v, upper);
        into_string(b)
    }

    fn oct(v: u64) -> String {
        let mut b = vec![b'x'];
        push_octal(&mut b, v);
        into_string(b[1..].to_vec())
    }

    #[test]
    fn numbers_match_fmt() {
        let mut vals = vec![
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            u64::MAX,
            u64::MAX - 1,
        ];
        for p in 0..64 {
            let x = 1u64 << p;
            vals.extend([x - 1, x, x + 1]);
        }
        let mut p = 1u64;
        while let Some(n) = p.checked_mul(10) {
            vals.extend([p - 1, p, p + 1, n - 1]);
            p = n;
        }
        let mut x: u64 = 0x0123_4567_89ab_cdef;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            vals.extend([x, x >> 17, x >> 35, x >> 50]);
        }
        for v in vals {
            assert_eq!(dec(v), v.to_string());
            let mut b = Vec::new();
            push_u32(&mut b, v as u32);
            assert_eq!(into_string(b), (v as u32).to_string());
            assert_eq!(hex(v, false), format!("{v:x}"));
            assert_eq!(hex(v, true), format!("{v:X}"));
            assert_eq!(oct(v), format!("{v:o}"));
            let mut b = Vec::new();
            push_hex_byte(&mut b, v as u8);
            assert_eq!(into_string(b), format!("{:02x}", v as u8));
        }
    }

    #[test]
    fn eight_digits_matches_division() {
        // The lanes are independent, so every 4-digit value in each half covers every input.
        for a in 0..10_000u32 {
            for v in [a * 10_000, a, a * 10_000 + 9_999 - a] {
                let d = eight_digits(v).to_le_bytes();
                assert_eq!(std::str::from_utf8(&d).unwrap(), format!("{v:08}"));
            }
        }
        for v in [
            u32::MAX,
            4_200_000_000,
            1_000_000_000,
            999_999_999,
            100_000_000,
            99_999_999,
        ] {
            let mut b = Vec::new();
            push_u32(&mut b, v);
            assert_eq!(into_string(b), v.to_string());
        }
    }

    #[test]
    fn codes() {
        for code in ["", "A", "AU", "ABC", "é"] {
            let mut b = b"x".to_vec();
            push_code(&mut b, code);
            assert_eq!(into_string(b), format!("x{code}"));
        }
    }
}
