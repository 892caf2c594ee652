//! Parse and canonical print in one pass, for [`canonicalize`](super::canonicalize) (what
//! `sddl fmt` does with each input): the common shapes of a descriptor are printed as they are
//! read, without building the model; any other shape, and every error, is left to `parse` and
//! `to_sddl`, which stay the reference (`canonicalize_reference`; the property test
//! `tests/fast_path.rs`, the conformance tests and the `parse` fuzz target compare the two).
//!
//! What it saves against the model: ACEs are not stored, moved into a vector, read back and
//! dropped; a decimal trustee whose text is already what Windows prints is copied rather than
//! printed from its numbers (about 300 instructions for a domain SID).
//!
//! Its cost when it gives up: what it read so far, then the whole of `parse` and `to_sddl`. It
//! gives up at the first error or unusual shape, so an input that leaves the shapes read here
//! only near its end (parts out of the canonical order, a space before the last ACE) costs up to
//! twice the model's path. Text that Windows printed never does.

use super::{acl_flag, alias_by_letters, numeric_sid_fast_canonical, Parser};
use crate::format::{
    ace_head_into, ace_text_bytes, acl_flags_bytes, append_head, trustee_into, AceHead,
    FormatOptions, HEAD_MASK,
};
use crate::limits::{MAX_ACES, MAX_INPUT_LEN};
use crate::model::{Ace, AceSpans};
use crate::out;
use crate::sid::{alias_for_sid, SidRef};

impl Parser<'_> {
    /// The canonical text of the whole input, or `None` when the input is not of the shapes
    /// read here or has an error: parts in the canonical order `O`, `G`, `D`, `S`, each once;
    /// no spaces outside conditions; owner and group an alias or a decimal SID; ACL flags
    /// without spaces; ACEs as [`Parser::ace_fast`] reads them, or any ACE the general parser
    /// reads without error.
    pub(super) fn canonical_fast(&mut self) -> Option<String> {
        let b = self.b;
        let len = b.len();
        if len == 0 || len > MAX_INPUT_LEN {
            return None;
        }
        let fopts = FormatOptions {
            domain_sid: self.opts.domain_sid,
        };
        let mut out = Vec::with_capacity(len + len / 8 + 64);
        let mut head: AceHead = [0; HEAD_MASK + 1 + 64];
        let mut rank = 0;
        let mut pos = 0;
        while pos < len {
            let c = b[pos];
            if b.get(pos + 1) != Some(&b':') {
                return None;
            }
            let r = match c {
                b'O' => 1,
                b'G' => 2,
                b'D' => 3,
                b'S' => 4,
                _ => return None,
            };
            if r <= rank {
                return None;
            }
            rank = r;
            out.extend_from_slice(&[c, b':']);
            pos = if r <= 2 {
                self.owner_fused(&mut out, &mut head, pos + 2, &fopts)?
            } else {
                self.acl_fused(&mut out, &mut head, pos + 2, r == 4, &fopts)?
            };
        }
        Some(out::into_string(out))
    }

    /// The value of `O:` or `G:` at `start`, which runs to the character before the next `:`
    /// (the general parser's rule): an alias or a decimal SID and nothing else. Returns where it
    /// ends.
    fn owner_fused(
        &self,
        out: &mut Vec<u8>,
        head: &mut AceHead,
        start: usize,
        fopts: &FormatOptions,
    ) -> Option<usize> {
        let b = self.b;
        let end = match super::memchr_byte(b':', &b[start..]) {
            Some(i) => (start + i).checked_sub(1)?,
            None => b.len(),
        };
        let n = if matches!(b.get(start..start + 2)?, [b'S' | b's', b'-']) {
            let (sid, next, as_printed) = numeric_sid_fast_canonical(b, start)?;
            if next != end {
                return None;
            }
            fused_trustee_into(
                head,
                0,
                b,
                (start, end),
                &SidRef::Sid(sid),
                as_printed,
                fopts,
            )
        } else {
            if end != start + 2 {
                return None;
            }
            let sid = self.alias_sid(alias_by_letters(b[start], b[start + 1])?)?;
            trustee_into(head, 0, &sid, fopts)
        };
        append_head(out, head, n);
        Some(end)
    }

    /// The value of `D:` or `S:` at `start`: ACL flags without spaces, then ACEs. Returns where
    /// it ends: the end of the input, or what should be the next part (the caller checks).
    fn acl_fused(
        &mut self,
        out: &mut Vec<u8>,
        head: &mut AceHead,
        start: usize,
        sacl: bool,
        fopts: &FormatOptions,
    ) -> Option<usize> {
        let b = self.b;
        let len = b.len();
        let (flags, consumed) = super::acl_flags(&b[start..]);
        if b[start..start + consumed].contains(&b' ') {
            return None;
        }
        let (acl_flags, null) = acl_flag::split(flags);
        acl_flags_bytes(out, acl_flags, null);
        let mut pos = start + consumed;
        let mut count = 0;
        while pos < len && b[pos] == b'(' {
            // (The general parser reports both.)
            if null || count == MAX_ACES {
                return None;
            }
            count += 1;
            let mut spans = AceSpans::default();
            let (ace, next) = match self.ace_fields::<true>(pos, sacl, &mut spans) {
                Some(f) if b[f.end] == b')' => {
                    let n = ace_head_into(
                        head,
                        f.ace_type,
                        f.flags,
                        f.mask,
                        f.object_type.as_ref(),
                        f.inherited_object_type.as_ref(),
                    );
                    let text = (f.sid_start, f.end);
                    let n = fused_trustee_into(head, n, b, text, &f.sid, f.sid_as_printed, fopts);
                    let n = out::put_byte(head, n & HEAD_MASK, b')');
                    append_head(out, head, n);
                    pos = f.end + 1;
                    continue;
                }
                // A condition or a resource attribute after the trustee: as `ace_fast` reads it.
                Some(f) => match self.ace_from_fields(pos, f, &mut spans) {
                    Some(ace) => ace,
                    None => self.general_ace(pos, sacl)?,
                },
                None => self.general_ace(pos, sacl)?,
            };
            ace_text_bytes(out, head, &ace, fopts);
            pos = next;
        }
        Some(pos)
    }

    /// An ACE the general parser reads without error.
    fn general_ace(&mut self, open: usize, sacl: bool) -> Option<(Ace, usize)> {
        let (ace, next) = self.ace(open, sacl, false);
        if !self.errors.is_empty() {
            return None;
        }
        Some((ace?, next))
    }
}

/// A trustee read from `b[start..end]` (`text`), written at `head[n..]` as Windows prints it.
/// When the text is already what Windows prints for a SID without an alias (`as_printed`), it
/// is copied unless the SID has an alias; otherwise it is printed as the model's printer does.
/// Returns the position after it.
#[inline(always)]
fn fused_trustee_into(
    head: &mut AceHead,
    n: usize,
    b: &[u8],
    text: (usize, usize),
    sid: &SidRef,
    as_printed: bool,
    fopts: &FormatOptions,
) -> usize {
    let sid = match sid {
        SidRef::Sid(sid) if as_printed => sid,
        other => return trustee_into(head, n, other, fopts),
    };
    let (start, end) = text;
    let at = n & HEAD_MASK;
    if let Some(a) = alias_for_sid(sid, fopts.domain_sid.as_ref()) {
        return out::put_code(head, at, a.code);
    }
    let len = end - start;
    // Most SID texts are shorter than 64 bytes: a copy of known size (cut back by the length
    // returned) rather than a call to `memcpy`. The head has room: the longest SID text
    // (`MAX_SID_TEXT`) fits after the fields before it, and `put` of 64 bytes at any masked
    // offset fits the buffer.
    match b.get(start..start + 64) {
        Some(w) if len <= 64 => {
            out::put::<64>(head, at, w.try_into().expect("64 bytes")) - 64 + len
        }
        _ => out::put_slice(head, at, &b[start..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ParseOptions;
    use crate::sid::Sid;

    fn one_pass(input: &str, opts: &ParseOptions) -> Option<String> {
        Parser {
            input,
            b: input.as_bytes(),
            opts,
            errors: Vec::new(),
            fast: true,
        }
        .canonical_fast()
    }

    /// The one pass does the work itself for text of the shapes Windows prints, rather than
    /// falling back (which would give the same text, more slowly: the equality tests cannot
    /// see it). The bench corpus is of those shapes, conditions and claims included.
    #[test]
    fn reads_the_bench_corpus_without_falling_back() {
        let opts = ParseOptions {
            domain_sid: Sid::new(1, 5, &[21, 1, 2, 3]),
        };
        for line in include_str!("../../benches/data/bench-corpus.txt").lines() {
            assert!(one_pass(line, &opts).is_some(), "{line}");
        }
    }

    #[test]
    fn leaves_other_shapes_and_errors_to_the_model() {
        let opts = ParseOptions::default();
        for s in [
            "",
            " D:(A;;GA;;;WD)",
            "D:(A;;GA;;;WD) ",
            "D:(A;;GA;;;WD) (A;;GA;;;BA)",
            "D: (A;;GA;;;WD)",
            "D:P (A;;GA;;;WD)",
            "O:BA ",
            "O: BA",
            "D:(A;;GA;;;WD)O:BA",
            "G:SYO:BA",
            "D:(A;;GA;;;WD)D:(A;;GA;;;WD)",
            "D:NO_ACCESS_CONTROL(A;;GA;;;WD)",
            "D:(A;;GA;;;WD",
            "D:(A;;XX;;;WD)",
            "D:(AU;;GA;;;WD)",
            "X:(A;;GA;;;WD)",
        ] {
            assert_eq!(one_pass(s, &opts), None, "{s:?}");
        }
        // An ACE the fast path declines but the general parser reads is printed from the model
        // within the pass.
        assert_eq!(
            one_pass("D:(A; ;GA;;;WD)(A;;GA;;;S-1-5-0x20)", &opts).as_deref(),
            Some("D:(A;;GA;;;WD)(A;;GA;;;S-1-5-32)")
        );
        assert_eq!(
            one_pass("O:BAG:SYD:PAI(A;;GA;;;s-1-5-21-1-2-3-01000)", &opts).as_deref(),
            Some("O:BAG:SYD:PAI(A;;GA;;;S-1-5-21-1-2-3-1000)")
        );
    }
}
