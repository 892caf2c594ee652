//! The hex digits of GUIDs, 32 at a time: reading them (with validation) and writing them.
//!
//! GUIDs are on the hot path of Active Directory descriptors (the bench corpus's long strings
//! carry about 4,000 of them per pass, 80 % of its bytes). On x86-64 the 32 digits are
//! handled in two 16-byte SSE2 registers through `safe_arch`'s safe wrappers (SSE2 is part of
//! the x86-64 baseline, so the workspace's `forbid(unsafe_code)` holds); elsewhere a `u64` at a
//! time (SWAR). Both are always compiled in tests and checked against each other and against a
//! digit loop.

/// Decodes 32 hex digits (either case) given as four little-endian words of eight ASCII bytes,
/// the first digit in the lowest byte of `w[0]`. Returns the 16 bytes they spell, in text order,
/// as two little-endian words (byte 0 in the lowest byte of the first), or `None` when any byte
/// is not a hex digit.
#[inline]
pub(crate) fn decode32(w: [u64; 4]) -> Option<[u64; 2]> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::decode32(w)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        swar::decode32(w)
    }
}

/// Writes the 16 bytes as 32 lower-case hex digits, two per byte, high nibble first.
#[inline]
pub(crate) fn encode32(bytes: [u8; 16]) -> [u8; 32] {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2::encode32(bytes)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        swar::encode32(bytes)
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use safe_arch::*;

    /// Sixteen digits to their values (0 to 15) and a mask of the bytes that are hex digits.
    #[inline(always)]
    fn values(x: m128i) -> (m128i, m128i) {
        // `x - '0'` is at most 9 for a digit; `(x | 0x20) - 'a'` at most 5 for a letter of
        // either case (wrapping, so bytes below the range land high). Exactly one holds for a
        // hex digit, and the value is the smaller of `x - '0'` and `(x | 0x20) - 'a' + 10`:
        // a digit's letter term wraps to at least 0xd9, a letter's digit term is at least 17.
        let d = sub_i8_m128i(x, set_splat_i8_m128i(b'0' as i8));
        let l = sub_i8_m128i(
            bitor_m128i(x, set_splat_i8_m128i(0x20)),
            set_splat_i8_m128i(b'a' as i8),
        );
        let is_digit = cmp_eq_mask_i8_m128i(min_u8_m128i(d, set_splat_i8_m128i(9)), d);
        let is_letter = cmp_eq_mask_i8_m128i(min_u8_m128i(l, set_splat_i8_m128i(5)), l);
        let v = min_u8_m128i(d, add_i8_m128i(l, set_splat_i8_m128i(10)));
        (v, bitor_m128i(is_digit, is_letter))
    }

    /// Pairs of values (first in the low byte of each 16-bit lane) to bytes in the low halves
    /// of the lanes: first << 4 | second.
    #[inline(always)]
    fn pairs(v: m128i) -> m128i {
        let joined = bitor_m128i(shl_imm_u16_m128i::<4>(v), shr_imm_u16_m128i::<8>(v));
        bitand_m128i(joined, set_splat_i16_m128i(0x00ff))
    }

    #[inline]
    pub(super) fn decode32(w: [u64; 4]) -> Option<[u64; 2]> {
        let a = m128i::from([w[0], w[1]]);
        let b = m128i::from([w[2], w[3]]);
        let (va, oka) = values(a);
        let (vb, okb) = values(b);
        if move_mask_i8_m128i(bitand_m128i(oka, okb)) != 0xffff {
            return None;
        }
        // Every lane is at most 0xff, so the saturating pack keeps them as they are.
        Some(<[u64; 2]>::from(pack_i16_to_u8_m128i(pairs(va), pairs(vb))))
    }

    #[inline]
    pub(super) fn encode32(bytes: [u8; 16]) -> [u8; 32] {
        let x = m128i::from(bytes);
        let low = set_splat_i8_m128i(0x0f);
        let hi = bitand_m128i(shr_imm_u16_m128i::<4>(x), low);
        let lo = bitand_m128i(x, low);
        // Interleaved: high nibble, low nibble, for bytes 0-7, then for 8-15.
        let digits = |v: m128i| {
            // `0` + v, and 39 more for 10 to 15 (`a` is `0` + 49).
            let over9 = cmp_gt_mask_i8_m128i(v, set_splat_i8_m128i(9));
            let v = add_i8_m128i(v, set_splat_i8_m128i(b'0' as i8));
            <[u8; 16]>::from(add_i8_m128i(v, bitand_m128i(over9, set_splat_i8_m128i(39))))
        };
        let first = digits(unpack_low_i8_m128i(hi, lo));
        let second = digits(unpack_high_i8_m128i(hi, lo));
        let mut out = [0u8; 32];
        out[..16].copy_from_slice(&first);
        out[16..].copy_from_slice(&second);
        out
    }
}

#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
mod swar {
    /// Eight hex digits (either case; the first in the lowest byte of `w`) to their value, the
    /// first digit most significant; `None` if any byte is not a hex digit. The eight bytes are
    /// checked and converted at once in a `u64`.
    #[inline]
    pub(super) fn hex8(w: u64) -> Option<u32> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        // Bit 6 is set in the letters among hex digits (`A`-`F` 0x41-0x46, `a`-`f` 0x61-0x66)
        // and clear in `0`-`9` (0x30-0x39), so for a hex digit its value is the low nibble, plus
        // 9 for a letter. Whatever the bytes, each value is at most 24, so no sum below crosses
        // a byte.
        let letter = (w >> 6) & ONES;
        let v = (w & (0x0f * ONES)) + letter * 9;
        // The bytes are hex digits exactly when every value is at most 15 and writing the
        // values back as digits gives the text (letters compared in lower case): `0` + v below
        // 10, `a` + v - 10 from 10.
        let ten_or_more = ((v + 0x76 * ONES) >> 7) & ONES;
        let digits = v + 0x30 * ONES + ten_or_more * (b'a' - b'0' - 10) as u64;
        let lower = w | (letter << 5);
        if (lower ^ digits) | ((v + 0x70 * ONES) & (0x80 * ONES)) != 0 {
            return None;
        }
        // Gather the nibbles: byte 0 holds the first (most significant) digit.
        let v = ((v << 4) | (v >> 8)) & 0x00ff_00ff_00ff_00ff;
        let v = ((v << 8) | (v >> 16)) & 0x0000_ffff_0000_ffff;
        Some(((v << 16) | (v >> 32)) as u32)
    }

    pub(super) fn decode32(w: [u64; 4]) -> Option<[u64; 2]> {
        // Each `hex8` value has its first digit's pair in its top byte: swapped, the pairs are
        // in text order from the lowest byte.
        let word = |a: u64, b: u64| -> Option<u64> {
            Some(hex8(a)?.swap_bytes() as u64 | (hex8(b)?.swap_bytes() as u64) << 32)
        };
        Some([word(w[0], w[1])?, word(w[2], w[3])?])
    }

    pub(super) fn encode32(bytes: [u8; 16]) -> [u8; 32] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, &b) in bytes.iter().enumerate() {
            out[2 * i] = DIGITS[(b >> 4) as usize];
            out[2 * i + 1] = DIGITS[(b & 15) as usize];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(digits: &[u8; 32]) -> [u64; 4] {
        std::array::from_fn(|k| u64::from_le_bytes(digits[8 * k..8 * k + 8].try_into().unwrap()))
    }

    /// The obvious decoder: a pair of digits at a time.
    fn reference(digits: &[u8; 32]) -> Option<[u64; 2]> {
        let s = std::str::from_utf8(digits).ok()?;
        if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let bytes: Vec<u8> = (0..16)
            .map(|k| u8::from_str_radix(&s[2 * k..2 * k + 2], 16).unwrap())
            .collect();
        Some([
            u64::from_le_bytes(bytes[..8].try_into().unwrap()),
            u64::from_le_bytes(bytes[8..].try_into().unwrap()),
        ])
    }

    #[test]
    fn decoders_agree_with_a_digit_loop_on_every_byte_at_every_position() {
        for base in [
            *b"0123456789abcdefABCDEF0123456789",
            *b"ffffffffFFFFFFFF0000000099999999",
            *b"a0A9f0F9aAfF09a0A9f0F9aAfF0909aF",
        ] {
            assert!(reference(&base).is_some());
            for at in 0..32 {
                for v in 0..=255u8 {
                    let mut d = base;
                    d[at] = v;
                    let want = reference(&d);
                    assert_eq!(decode32(words(&d)), want, "{d:?}");
                    assert_eq!(swar::decode32(words(&d)), want, "{d:?}");
                }
            }
        }
    }

    #[test]
    fn hex8_agrees_with_a_digit_loop() {
        fn reference(b: [u8; 8]) -> Option<u32> {
            let s = std::str::from_utf8(&b).ok()?;
            if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(s, 16).ok()
        }
        for base in [*b"0123abcd", *b"ABCDEF98", *b"fFaA9900"] {
            for at in 0..8 {
                for v in 0..=255u8 {
                    let mut b = base;
                    b[at] = v;
                    assert_eq!(swar::hex8(u64::from_le_bytes(b)), reference(b), "{b:?}");
                }
            }
        }
    }

    #[test]
    fn encoders_write_each_byte_value_in_lower_case_at_every_position() {
        for v in 0..=255u8 {
            for at in 0..16 {
                let mut bytes: [u8; 16] = std::array::from_fn(|i| (i as u8).wrapping_mul(37));
                bytes[at] = v;
                let want: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                assert_eq!(&encode32(bytes)[..], want.as_bytes());
                assert_eq!(&swar::encode32(bytes)[..], want.as_bytes());
            }
        }
    }
}
