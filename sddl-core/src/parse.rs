//! The SDDL grammar: text to [`SecurityDescriptor`], with a span on every node and every error.
//!
//! What is accepted follows what Windows' `ConvertStringSecurityDescriptorToSecurityDescriptor`
//! accepts (see `docs/windows-quirks.md`), not the prose of the documentation.

mod fused;

use crate::error::{ErrorCode, ParseError};
use crate::limits::{MAX_ACES, MAX_INPUT_LEN};
use crate::model::{
    ace_flags, Ace, AceData, AceSpans, AceType, Acl, Guid, Owner, SecurityDescriptor,
};
use crate::rights::{right_code, right_letters, wcstoul};
use crate::sid::{
    alias_by_code, alias_by_letters, Alias, AliasTarget, Sid, SidRef, MAX_AUTHORITY,
    MAX_SUB_AUTHORITIES,
};
use crate::span::Span;

/// Options for parsing.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// The domain SID that domain-relative aliases (`DA`, `DU`, `LA`, ...) resolve against.
    /// `None`: such aliases stay symbolic ([`crate::SidRef::Unresolved`]).
    pub domain_sid: Option<Sid>,
}

/// The result of parsing: the descriptor with every part that parsed, and every error found.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub sd: SecurityDescriptor,
    pub errors: Vec<ParseError>,
}

/// Parses SDDL text. Never panics; every error found is reported, and parsing resumes at the
/// next ACE or part after an error, so the descriptor holds everything that parsed.
pub fn parse(input: &str, opts: &ParseOptions) -> Parsed {
    parse_with(input, opts, true)
}

/// [`parse`] without its fast path for ACEs: every ACE goes through the general field-by-field
/// parser. The result is the same (what the fast path accepts, it parses as the general parser
/// does, and it hands everything else over); this is the reference that property tests and the
/// `parse` fuzz target compare [`parse`] against.
#[doc(hidden)]
pub fn parse_reference(input: &str, opts: &ParseOptions) -> Parsed {
    parse_with(input, opts, false)
}

fn parse_with(input: &str, opts: &ParseOptions, fast: bool) -> Parsed {
    let mut p = Parser {
        input,
        b: input.as_bytes(),
        opts,
        errors: Vec::new(),
        fast,
    };
    let sd = p.descriptor();
    Parsed {
        sd,
        errors: p.errors,
    }
}

struct Parser<'a> {
    input: &'a str,
    b: &'a [u8],
    opts: &'a ParseOptions,
    errors: Vec<ParseError>,
    /// Whether to try [`Parser::ace_fast`] before the general ACE parser.
    fast: bool,
}

/// The fields [`Parser::ace_fields`] reads.
struct AceFields {
    ace_type: AceType,
    flags: u8,
    mask: u32,
    object_type: Option<Guid>,
    inherited_object_type: Option<Guid>,
    sid: SidRef,
    /// The trustee is a numeric SID written as Windows prints a SID that has no alias:
    /// upper-case `S`, decimal, an authority below 2^32, no leading zeros. Set only when read
    /// for the one-pass printer (`FUSED`).
    sid_as_printed: bool,
    /// Where the trustee's text starts.
    sid_start: usize,
    /// The `)` or `;` after the trustee.
    end: usize,
}

impl AceFields {
    #[inline(always)]
    fn into_ace(self, data: AceData, spans: AceSpans) -> Ace {
        Ace {
            ace_type: self.ace_type,
            flags: self.flags,
            mask: self.mask,
            object_type: self.object_type,
            inherited_object_type: self.inherited_object_type,
            sid: self.sid,
            data,
            spans,
        }
    }
}

fn is_section_letter(c: u8) -> bool {
    matches!(c, b'O' | b'G' | b'D' | b'S')
}

impl<'a> Parser<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::from_range(start, end)
    }

    fn skip_spaces(&self, mut pos: usize, end: usize) -> usize {
        while pos < end && self.b[pos] == b' ' {
            pos += 1;
        }
        pos
    }

    /// The span of the character at `pos` (or an empty span at the end).
    fn char_span(&self, pos: usize) -> Span {
        let len = self.input[pos..].chars().next().map_or(0, char::len_utf8);
        self.span(pos, pos + len)
    }

    fn descriptor(&mut self) -> SecurityDescriptor {
        let mut sd = SecurityDescriptor {
            span: self.span(0, self.b.len()),
            ..Default::default()
        };
        if self.b.len() > MAX_INPUT_LEN {
            self.errors.push(ParseError::new(
                ErrorCode::LimitExceeded,
                self.span(MAX_INPUT_LEN, self.b.len()),
                format!("SDDL text longer than {MAX_INPUT_LEN} bytes"),
            ));
            return sd;
        }
        let len = self.b.len();
        let mut pos = self.skip_spaces(0, len);
        while pos < len {
            let c = self.b[pos];
            if !(is_section_letter(c) && pos + 1 < len && self.b[pos + 1] == b':') {
                // Not a part: report and resume at the next `X:` that starts one.
                let resume = self.find_section_start(pos + 1).unwrap_or(len);
                let end = trim_end_spaces(self.b, pos, resume);
                let code = if sd.owner.is_none()
                    && sd.group.is_none()
                    && sd.dacl.is_none()
                    && sd.sacl.is_none()
                {
                    ErrorCode::ExpectedSection
                } else {
                    ErrorCode::TrailingInput
                };
                let msg = if code == ErrorCode::ExpectedSection {
                    "expected a part: `O:`, `G:`, `D:` or `S:`"
                } else {
                    "unexpected text where a part (`O:`, `G:`, `D:`, `S:`) should start"
                };
                let mut e = ParseError::new(code, self.span(pos, end.max(pos + 1).min(len)), msg);
                if c.is_ascii_lowercase() && pos + 1 < len && self.b[pos + 1] == b':' {
                    e = e.with_help(format!(
                        "part letters are upper case: write `{}:`",
                        c.to_ascii_uppercase() as char
                    ));
                }
                self.errors.push(e);
                pos = resume;
                continue;
            }
            let section_start = pos;
            pos += 2;
            match c {
                b'O' | b'G' => {
                    let (owner, next) = self.owner_part(section_start, pos);
                    let slot = if c == b'O' {
                        &mut sd.owner
                    } else {
                        &mut sd.group
                    };
                    if slot.is_some() {
                        self.duplicate(section_start);
                    } else {
                        *slot = owner;
                    }
                    pos = next;
                }
                _ => {
                    let (acl, next) = self.acl_part(section_start, pos, c == b'S');
                    let slot = if c == b'D' {
                        &mut sd.dacl
                    } else {
                        &mut sd.sacl
                    };
                    if slot.is_some() {
                        self.duplicate(section_start);
                    } else {
                        *slot = Some(acl);
                    }
                    pos = next;
                }
            }
            pos = self.skip_spaces(pos, len);
        }
        sd
    }

    fn duplicate(&mut self, at: usize) {
        self.errors.push(ParseError::new(
            ErrorCode::DuplicateSection,
            self.span(at, at + 2),
            format!("`{}` appears twice", &self.input[at..at + 2]),
        ));
    }

    /// The next position at or after `from` where `X:` starts a part (X in O G D S).
    fn find_section_start(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while i + 1 < self.b.len() {
            if self.b[i + 1] == b':' && is_section_letter(self.b[i]) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// `O:`/`G:`: the value runs to the character before the next `:` (Windows' rule), or the
    /// end of the input.
    fn owner_part(&mut self, start: usize, value_start: usize) -> (Option<Owner>, usize) {
        let len = self.b.len();
        let value_end = match memchr_byte(b':', &self.b[value_start..]) {
            // The character before the colon (a part letter when the input is well formed).
            Some(i) => self.input[..value_start + i]
                .char_indices()
                .next_back()
                .map_or(value_start, |(at, _)| at.max(value_start)),
            None => len,
        };
        // No space may precede the SID here (Windows rejects `O: S-1-1-0`); one may follow an
        // alias (`O:BA G:SY`).
        let sid_start = value_start;
        match self.trustee(sid_start, value_end) {
            Ok(sid) => (
                Some(Owner {
                    sid,
                    span: self.span(start, value_end),
                    sid_span: self.span(sid_start, trim_end_spaces(self.b, sid_start, value_end)),
                }),
                value_end,
            ),
            Err(e) => {
                self.errors.push(e);
                (None, value_end)
            }
        }
    }

    /// A trustee in `[start, end)`, leading spaces already skipped. Trailing spaces are allowed
    /// after an alias but not after a numeric SID (Windows rejects `S-1-1-0 `).
    fn trustee(&self, start: usize, end: usize) -> Result<SidRef, ParseError> {
        let b = &self.b[start..end];
        let numeric = b.len() >= 2 && (b[0] == b'S' || b[0] == b's') && b[1] == b'-';
        let end = if numeric {
            end
        } else {
            trim_end_spaces(self.b, start, end)
        };
        parse_sid_str(self.input, start..end, self.opts)
    }

    fn acl_part(&mut self, start: usize, value_start: usize, sacl: bool) -> (Acl, usize) {
        let len = self.b.len();
        let mut acl = Acl::default();
        // ACL flags: P, AI, AR, NO_ACCESS_CONTROL, with spaces around them.
        let mut pos = self.skip_spaces(value_start, len);
        let flags_start = pos;
        let (flags, consumed) = acl_flags(&self.b[pos..]);
        (acl.flags, acl.null) = acl_flag::split(flags);
        pos += consumed;
        acl.flags_span = self.span(flags_start, trim_end_spaces(self.b, flags_start, pos));
        // Room for one ACE per 20 bytes ahead: few ACEs are shorter (the shortest is 10
        // bytes), so the vector rarely regrows; counting every `(` ahead (an exact upper bound)
        // scanned the rest of the input for every ACL. An estimate far too large is cut below.
        // (`with_capacity`, not `reserve`: the first allocation skips the growth path.)
        acl.aces = Vec::with_capacity(((len - pos) / 20).clamp(1, MAX_ACES));
        let mut last_end = acl.flags_span.end as usize;
        let mut over_limit = false;
        loop {
            pos = self.skip_spaces(pos, len);
            if pos >= len {
                break;
            }
            let c = self.b[pos];
            if c == b'(' {
                // The common case: an ACE of the common shape that goes into the ACL.
                let room = !acl.null && acl.aces.len() < MAX_ACES;
                if self.fast && room {
                    // Room for the ACE first, so the vector never grows while an ACE is being
                    // built (measured: about 25 instructions less per ACE; `push` keeps its
                    // check, and the ACE is still assembled on the stack and copied in).
                    if acl.aces.len() == acl.aces.capacity() {
                        acl.aces.reserve(1);
                    }
                    if let Some((ace, next)) = self.ace_fast(pos, sacl) {
                        acl.aces.push(ace);
                        last_end = next;
                        pos = next;
                        continue;
                    }
                }
                let (ace, next) = self.ace(pos, sacl, !room);
                if let Some(ace) = ace {
                    if acl.null {
                        self.errors.push(
                            ParseError::new(
                                ErrorCode::AcesInNullAcl,
                                ace.spans.whole,
                                "an ACE after `NO_ACCESS_CONTROL`",
                            )
                            .with_help(
                                "a NULL ACL has no entries: remove `NO_ACCESS_CONTROL` or the ACEs",
                            ),
                        );
                    } else if acl.aces.len() >= MAX_ACES {
                        // One error per ACL, at the first ACE over the limit.
                        if !over_limit {
                            over_limit = true;
                            self.errors.push(ParseError::new(
                                ErrorCode::LimitExceeded,
                                ace.spans.whole,
                                format!("more than {MAX_ACES} ACEs in one ACL"),
                            )
                            .with_label("first ACE over the limit")
                            .with_help("a binary ACL is at most 64 KiB; split the entries or merge ACEs for the same trustee"));
                        }
                    } else {
                        acl.aces.push(ace);
                    }
                }
                last_end = next;
                pos = next;
                continue;
            }
            if is_section_letter(c) && pos + 1 < len && self.b[pos + 1] == b':' {
                break;
            }
            // Junk inside the ACL: report it, resume at the next ACE or part.
            let mut resume = pos + 1;
            while resume < len {
                let r = self.b[resume];
                if r == b'('
                    || (is_section_letter(r) && resume + 1 < len && self.b[resume + 1] == b':')
                {
                    break;
                }
                resume += 1;
            }
            let end = trim_end_spaces(self.b, pos, resume).max(pos + 1);
            let (code, msg) =
                if acl.aces.is_empty() && !acl.null && last_end == acl.flags_span.end as usize {
                    (
                        ErrorCode::InvalidAclFlags,
                        "expected ACL flags (`P`, `AI`, `AR`, `NO_ACCESS_CONTROL`) or an ACE",
                    )
                } else {
                    (ErrorCode::ExpectedAce, "expected `(` to start an ACE")
                };
            let mut sp = self.span(pos, end);
            if !self.input.is_char_boundary(sp.end as usize) {
                sp = self.char_span(pos);
            }
            self.errors.push(ParseError::new(code, sp, msg));
            pos = resume;
            last_end = resume;
        }
        acl.span = self.span(start, last_end.max(start + 2));
        if acl.aces.capacity() > 8 * acl.aces.len() + 8 {
            // The estimate above met text that is not ACEs (another part, a long condition).
            acl.aces.shrink_to_fit();
        }
        (acl, pos)
    }

    /// One ACE starting at `(`. Returns the ACE (or `None` after reporting an error) and the
    /// position after it.
    /// `try_fast`: whether to try [`Parser::ace_fast`] first (the caller has not already).
    fn ace(&mut self, open: usize, sacl: bool, try_fast: bool) -> (Option<Ace>, usize) {
        if self.fast && try_fast {
            if let Some((ace, next)) = self.ace_fast(open, sacl) {
                return (Some(ace), next);
            }
        }
        match self.ace_inner(open, sacl) {
            Ok((ace, next)) => (Some(ace), next),
            Err(e) => {
                self.errors.push(e);
                let next = self.resync_after_ace(open);
                (None, next)
            }
        }
    }

    /// After a faulty ACE: the position after its closing `)`, found at nesting depth 0 outside
    /// quotes; or, when the ACE is never closed, the `(` of the next ACE seen where a field of
    /// this one was expected, or the end.
    fn resync_after_ace(&mut self, open: usize) -> usize {
        let len = self.b.len();
        let mut depth = 0usize;
        let mut fields = 0usize;
        let mut in_quote = false;
        let mut i = open;
        while i < len {
            let c = self.b[i];
            if in_quote {
                if c == b'"' {
                    in_quote = false;
                }
            } else {
                match c {
                    b'"' => in_quote = true,
                    b'(' => {
                        if depth == 1 && fields < 6 {
                            // A `(` inside the type field is that field's fault, already
                            // reported; later on it means this ACE was never closed.
                            return if fields == 0 {
                                i
                            } else {
                                self.unclosed(open, i)
                            };
                        }
                        depth += 1;
                    }
                    b')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    b';' if depth == 1 => fields += 1,
                    _ => {}
                }
            }
            i += 1;
        }
        self.unclosed(open, len)
    }

    fn unclosed(&mut self, open: usize, resume: usize) -> usize {
        // Only report when the fault itself is not already an unclosed ACE.
        if !self
            .errors
            .last()
            .is_some_and(|e| e.code == ErrorCode::UnclosedAce && e.span.start as usize == open)
        {
            self.errors.push(ParseError::new(
                ErrorCode::UnclosedAce,
                self.span(open, open + 1),
                "this ACE has no closing `)`",
            ));
        }
        resume
    }

    /// The end of the field starting at `pos`: the first `;` or `)`, or a `(` (which no field
    /// before the condition may hold: it means this ACE was never closed).
    fn field_end(&self, pos: usize) -> Option<usize> {
        find_field_end(self.b, pos)
    }

    fn ace_inner(&mut self, open: usize, sacl: bool) -> Result<(Ace, usize), ParseError> {
        let mut spans = AceSpans::default();
        let mut fields: [(usize, usize); 6] = [(0, 0); 6];
        let mut pos = open + 1;
        for (i, f) in fields.iter_mut().enumerate() {
            let end = match self.field_end(pos) {
                Some(e) => e,
                None => return Err(self.unclosed_error(open)),
            };
            *f = (pos, end);
            if self.b[end] == b'(' {
                if i == 0 {
                    return Err(ParseError::new(
                        ErrorCode::UnknownAceType,
                        self.span(end, end + 1),
                        "unexpected `(` inside an ACE",
                    )
                    .with_help("ACEs do not nest: write `(type;flags;rights;;;trustee)`"));
                }
                return Err(self.unclosed_error(open));
            }
            if self.b[end] == b')' && i < 5 {
                return Err(ParseError::new(
                    ErrorCode::WrongFieldCount,
                    self.span(open, end + 1),
                    format!(
                        "an ACE has 6 fields separated by `;`, this one has {}",
                        i + 1
                    ),
                )
                .with_help(
                    "write `(type;flags;rights;object-guid;inherited-object-guid;trustee)`",
                ));
            }
            pos = end + 1;
        }
        // Field 1: the ACE type; spaces before it, none after it.
        let (ts, te) = fields[0];
        let ts = self.skip_spaces(ts, te);
        spans.ace_type = self.span(ts, te);
        let ace_type = AceType::from_sddl(&self.input[ts..te]).ok_or_else(|| {
            let msg = if te > ts && self.b[te - 1] == b' ' {
                "no space is allowed after the ACE type".to_string()
            } else if te == ts {
                "missing ACE type".to_string()
            } else {
                format!("`{}` is not an ACE type", self.input[ts..te].escape_debug())
            };
            ParseError::new(ErrorCode::UnknownAceType, self.span(ts, te.max(ts)), msg)
                .with_help("ACE types are `A`, `D`, `OA`, `OD`, `AU`, `OU`, `ML`, `XA`, `XD`, `XU`, `ZA`, `RA`, `SP`, ...")
        })?;
        if ace_type.is_system() != sacl {
            return Err(ParseError::new(
                ErrorCode::AceTypeNotAllowedHere,
                spans.ace_type,
                if sacl {
                    format!(
                        "`{}` ACEs belong in a DACL (`D:`), not a SACL",
                        ace_type.sddl().unwrap_or("?")
                    )
                } else {
                    format!(
                        "`{}` ACEs belong in a SACL (`S:`), not a DACL",
                        ace_type.sddl().unwrap_or("?")
                    )
                },
            ));
        }
        // Field 2: flags.
        let (fs, fe) = fields[1];
        spans.flags = self.span(fs, fe);
        let flags = self.ace_flags(fs, fe)?;
        // Field 3: rights.
        let (rs, re) = fields[2];
        spans.rights = self.span(rs, re);
        let mask = self.rights(rs, re)?;
        // Fields 4 and 5: GUIDs.
        let (gs, ge) = fields[3];
        spans.object_type = self.span(gs, ge);
        let object_type = self.guid(gs, ge)?;
        let (gs, ge) = fields[4];
        spans.inherited_object_type = self.span(gs, ge);
        let inherited_object_type = self.guid(gs, ge)?;
        let mut ace_type = ace_type;
        if !ace_type.is_object() && (object_type.is_some() || inherited_object_type.is_some()) {
            let sp = if object_type.is_some() {
                spans.object_type
            } else {
                spans.inherited_object_type
            };
            return Err(ParseError::new(
                ErrorCode::UnexpectedGuid,
                sp,
                format!("`{}` ACEs take no object GUID", ace_type.sddl().unwrap_or("?")),
            )
            .with_help("use the object form of the ACE type (`OA`, `OD`, `OU`) or leave the GUID fields empty"));
        }
        if ace_type.is_object() && object_type.is_none() && inherited_object_type.is_none() {
            // Windows writes an object ACE without GUIDs as the plain type.
            ace_type = plain_type(ace_type);
        }
        // Field 6: trustee, then `)` or `;` and the seventh field.
        let (ss, se) = fields[5];
        let ss_trim = self.skip_spaces(ss, se);
        let sid = self.trustee(ss_trim, se)?;
        spans.trustee = self.span(ss_trim, trim_end_spaces(self.b, ss_trim, se).max(ss_trim));
        let (data, close) = self.ace_extra(open, se, ace_type, &mut spans)?;
        spans.whole = self.span(open, close + 1);
        Ok((
            Ace {
                ace_type,
                flags,
                mask,
                object_type,
                inherited_object_type,
                sid,
                data,
                spans,
            },
            close + 1,
        ))
    }

    /// What follows the trustee, which ends at `se` (a `;` or `)`): the condition or resource
    /// attribute when `se` is a `;`, then the closing `)`. Returns the data and where the `)` is.
    fn ace_extra(
        &self,
        open: usize,
        se: usize,
        ace_type: AceType,
        spans: &mut AceSpans,
    ) -> Result<(AceData, usize), ParseError> {
        let len = self.b.len();
        let mut data = AceData::None;
        let close;
        if self.b[se] == b';' {
            let xs = self.skip_spaces(se + 1, len);
            let takes_condition = ace_type.is_callback();
            let takes_attribute = ace_type == AceType::SystemResourceAttribute;
            if !(takes_condition || takes_attribute) {
                return Err(ParseError::new(
                    ErrorCode::WrongFieldCount,
                    self.span(se, se + 1),
                    format!(
                        "`{}` ACEs have 6 fields; this one has more",
                        ace_type.sddl().unwrap_or("?")
                    ),
                ));
            }
            if xs >= len || self.b[xs] != b'(' {
                let sp = if xs < len {
                    self.char_span(xs)
                } else {
                    self.span(xs, xs)
                };
                return Err(if takes_condition {
                    ParseError::new(
                        ErrorCode::InvalidCondition,
                        sp,
                        "expected `(` to start the condition",
                    )
                } else {
                    ParseError::new(
                        ErrorCode::InvalidResourceAttribute,
                        sp,
                        "expected `(` to start the resource attribute",
                    )
                });
            }
            let end = if takes_condition {
                let (c, end) = crate::cond::parse::parse_condition(self.input, xs, self.opts)?;
                data = AceData::Condition(Box::new(c));
                end
            } else {
                let (a, end) =
                    crate::cond::parse::parse_resource_attribute(self.input, xs, self.opts)?;
                data = AceData::Attribute(Box::new(a));
                end
            };
            spans.extra = self.span(xs, end);
            let ce = self.skip_spaces(end, len);
            if ce >= len {
                return Err(self.unclosed_error(open));
            }
            if self.b[ce] != b')' {
                return Err(ParseError::new(
                    ErrorCode::WrongFieldCount,
                    self.char_span(ce),
                    "expected `)` to close the ACE after its last field",
                ));
            }
            close = ce;
        } else {
            if ace_type.is_callback() && ace_type != AceType::SystemAccessFilter {
                // Windows accepts a callback ACE without a condition only as written; keep it.
            }
            close = se;
        }
        Ok((data, close))
    }

    /// The common shape of an ACE in one pass over its text, with no field split first: no
    /// spaces, flags and rights as codes (rights also as unsigned numbers), GUIDs empty or in
    /// full, the trustee an alias or a decimal `S-1-...` SID; then what follows the trustee as
    /// in [`Parser::ace_inner`]. Anything else, and every error, gives `None`, and the caller
    /// runs [`Parser::ace_inner`]. What this accepts, `ace_inner` accepts too, with the same
    /// ACE and spans: each step below reads a field only when it holds nothing the general
    /// step would read differently, and every field it accepts ends at a `;` (or the trustee
    /// at `;` or `)`) that the general field split finds as well, since no accepted field
    /// holds `;`, `(` or `)`.
    #[inline(always)]
    fn ace_fast(&self, open: usize, sacl: bool) -> Option<(Ace, usize)> {
        let mut spans = AceSpans::default();
        let f = self.ace_fields::<false>(open, sacl, &mut spans)?;
        self.ace_from_fields(open, f, &mut spans)
    }

    /// The ACE whose fields [`Parser::ace_fields`] read, with what follows its trustee (a
    /// condition or a resource attribute, read as [`Parser::ace_extra`] reads it) and its `)`.
    /// Returns the ACE and the position after it.
    #[inline(always)]
    fn ace_from_fields(
        &self,
        open: usize,
        f: AceFields,
        spans: &mut AceSpans,
    ) -> Option<(Ace, usize)> {
        let (data, close) = if self.b[f.end] == b')' {
            (AceData::None, f.end)
        } else {
            self.ace_extra(open, f.end, f.ace_type, spans).ok()?
        };
        spans.whole = self.span(open, close + 1);
        Some((f.into_ace(data, *spans), close + 1))
    }

    /// The SID an alias stands for (a domain alias resolved against the domain SID, if any).
    #[inline(always)]
    fn alias_sid(&self, a: &'static Alias) -> Option<SidRef> {
        Some(match a.target {
            AliasTarget::WellKnown(sid) => SidRef::Sid(sid),
            AliasTarget::DomainRelative(rid) => match &self.opts.domain_sid {
                Some(d) => SidRef::Sid(d.with_rid(rid)?),
                None => SidRef::Unresolved(a),
            },
        })
    }

    /// The six fields of an ACE of the common shape at `open` (its `(`), for [`Parser::ace_fast`]
    /// and the canonical printer's fast path (`FUSED`, which also learns whether a numeric
    /// trustee is written as Windows prints it). Fills `spans` but `whole` and `extra`.
    #[inline(always)]
    fn ace_fields<const FUSED: bool>(
        &self,
        open: usize,
        sacl: bool,
        spans: &mut AceSpans,
    ) -> Option<AceFields> {
        let b = self.b;
        // Type: one or two letters, then `;`.
        // (Read as `AceType::from_sddl` reads the letters before the `;`, without a loop or
        // slicing the text.)
        let ts = open + 1;
        let (mut ace_type, mut pos) = match b.get(ts..ts + 2)? {
            [c, b';'] => match c | 0x20 {
                b'a' => (AceType::AccessAllowed, ts + 1),
                b'd' => (AceType::AccessDenied, ts + 1),
                _ => return None,
            },
            &[c0, c1] if *b.get(ts + 2)? == b';' => (AceType::from_letters(c0, c1)?, ts + 2),
            _ => return None,
        };
        if ace_type.is_system() != sacl {
            return None;
        }
        spans.ace_type = self.span(ts, pos);
        // Flags: two letters each.
        pos += 1;
        let fs = pos;
        let mut flags = 0u8;
        while *b.get(pos)? != b';' {
            flags |= ace_flag_bit(b[pos], *b.get(pos + 1)?)?;
            pos += 2;
        }
        spans.flags = self.span(fs, pos);
        // Rights: two-letter codes and unsigned numbers (read as `Parser::rights` reads them:
        // a number ends where this field ends, at a `;` that is no digit).
        pos += 1;
        let rs = pos;
        let mut mask = 0u32;
        loop {
            let c = *b.get(pos)?;
            if c == b';' {
                break;
            }
            if c.is_ascii_digit() {
                let (v, next) = wcstoul(b, pos)?;
                mask |= v;
                pos = next;
                continue;
            }
            mask |= right_letters(c, *b.get(pos + 1)?)?;
            pos += 2;
        }
        spans.rights = self.span(rs, pos);
        // GUIDs: empty, or 36 characters and `;`.
        pos += 1;
        let (object_type, next) = guid_field_fast(b, pos)?;
        spans.object_type = self.span(pos, next);
        pos = next + 1;
        let (inherited_object_type, next) = guid_field_fast(b, pos)?;
        spans.inherited_object_type = self.span(pos, next);
        pos = next + 1;
        if ace_type.is_object() {
            if object_type.is_none() && inherited_object_type.is_none() {
                ace_type = plain_type(ace_type);
            }
        } else if object_type.is_some() || inherited_object_type.is_some() {
            return None;
        }
        // Trustee: `S-1-...` in decimal, or an alias; then `)` or `;`.
        let ss = pos;
        let mut as_printed = false;
        let sid = if matches!(b.get(pos..pos + 2)?, [b'S' | b's', b'-']) {
            let sid = if FUSED {
                let (sid, next, canonical) = numeric_sid_fast_canonical(b, pos)?;
                as_printed = canonical;
                pos = next;
                sid
            } else {
                let (sid, next) = numeric_sid_fast(b, pos)?;
                pos = next;
                sid
            };
            SidRef::Sid(sid)
        } else {
            let a = alias_by_letters(*b.get(pos)?, *b.get(pos + 1)?)?;
            pos += 2;
            self.alias_sid(a)?
        };
        if !matches!(b.get(pos)?, b')' | b';') {
            return None;
        }
        spans.trustee = self.span(ss, pos);
        Some(AceFields {
            ace_type,
            flags,
            mask,
            object_type,
            inherited_object_type,
            sid,
            sid_as_printed: as_printed,
            sid_start: ss,
            end: pos,
        })
    }

    fn unclosed_error(&self, open: usize) -> ParseError {
        ParseError::new(
            ErrorCode::UnclosedAce,
            self.span(open, open + 1),
            "this ACE has no closing `)`",
        )
    }

    fn ace_flags(&self, start: usize, end: usize) -> Result<u8, ParseError> {
        let mut flags = 0u8;
        let mut pos = start;
        loop {
            pos = self.skip_spaces(pos, end);
            if pos >= end {
                return Ok(flags);
            }
            let tok_end = (pos + 2).min(end);
            let hit = if tok_end == pos + 2 {
                ace_flag_bit(self.b[pos], self.b[pos + 1])
            } else {
                None
            };
            match hit {
                Some(bit) => flags |= bit,
                None => {
                    let sp = if self.input.is_char_boundary(tok_end) {
                        self.span(pos, tok_end)
                    } else {
                        self.char_span(pos)
                    };
                    return Err(ParseError::new(
                        ErrorCode::UnknownAceFlag,
                        sp,
                        format!(
                            "`{}` is not an ACE flag",
                            &self.input[sp.range()].escape_debug()
                        ),
                    )
                    .with_help("ACE flags are `OI`, `CI`, `NP`, `IO`, `ID`, `SA`, `FA`"));
                }
            }
            pos = tok_end;
        }
    }

    /// The rights field: two-letter codes and numbers, mixed; spaces before and between them but
    /// not after the last one (Windows rejects `GA ;`).
    fn rights(&self, start: usize, end: usize) -> Result<u32, ParseError> {
        let b = &self.b[..end];
        let mut mask = 0u32;
        let mut pos = start;
        while pos < end {
            let tok_start = pos;
            pos = self.skip_spaces(pos, end);
            if pos >= end {
                return Err(ParseError::new(
                    ErrorCode::UnknownRight,
                    self.span(tok_start, end),
                    "no space is allowed after the rights",
                )
                .with_label("trailing space")
                .with_help("Windows rejects a space between the rights and the next `;`"));
            }
            let c = b[pos];
            if c.is_ascii_digit() || c == b'-' || c == b'+' {
                match wcstoul(b, pos) {
                    Some((v, next)) => {
                        mask |= v;
                        pos = next;
                        continue;
                    }
                    None => {
                        return Err(ParseError::new(
                            ErrorCode::UnknownRight,
                            self.char_span(pos),
                            "expected a number after the sign",
                        ))
                    }
                }
            }
            let tok_end =
                if c.is_ascii_alphabetic() && pos + 1 < end && b[pos + 1].is_ascii_alphabetic() {
                    pos + 2
                } else {
                    pos + 1
                };
            match right_code(&b[pos..tok_end]) {
                Some(v) => {
                    mask |= v;
                    pos = tok_end;
                }
                None => {
                    let sp = if self.input.is_char_boundary(tok_end) {
                        self.span(pos, tok_end)
                    } else {
                        self.char_span(pos)
                    };
                    return Err(ParseError::new(
                        ErrorCode::UnknownRight,
                        sp,
                        format!("`{}` is not a right", &self.input[sp.range()].escape_debug()),
                    )
                    .with_help("rights are two-letter codes (`GA`, `GR`, `FA`, `KA`, `RP`, ...) or a number such as `0x1f01ff`"));
                }
            }
        }
        Ok(mask)
    }

    /// An object GUID field: empty or spaces, or the 36-character hyphenated form after
    /// optional spaces.
    fn guid(&self, start: usize, end: usize) -> Result<Option<Guid>, ParseError> {
        let s = self.skip_spaces(start, end);
        if s == end {
            return Ok(None);
        }
        let text = &self.input[s..end];
        parse_guid(text).map(Some).ok_or_else(|| {
            ParseError::new(
                ErrorCode::InvalidGuid,
                self.span(s, end),
                format!("`{}` is not a GUID", text.escape_debug()),
            )
            .with_help("write a GUID as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, without braces")
        })
    }
}

/// The bit of a two-letter ACE flag, case-insensitively: one table lookup (a `match` on the
/// letters compiled to a chain of unpredictable branches).
#[inline]
pub(crate) fn ace_flag_bit(a: u8, b: u8) -> Option<u8> {
    match FLAG_BY_SLOT[crate::sid::letter_slot(a, b)] {
        0 => None,
        bit => Some(bit),
    }
}

/// The bit of each ACE flag code by letter slot; 0 where there is none.
const FLAG_BY_SLOT: [u8; crate::sid::LETTER_SLOTS] = {
    let mut t = [0u8; crate::sid::LETTER_SLOTS];
    let mut i = 0;
    while i < ace_flags::SDDL.len() + ace_flags::SDDL_INPUT_ONLY.len() {
        let (code, bit) = if i < ace_flags::SDDL.len() {
            ace_flags::SDDL[i]
        } else {
            ace_flags::SDDL_INPUT_ONLY[i - ace_flags::SDDL.len()]
        };
        t[crate::sid::code_slot(code)] = bit;
        i += 1;
    }
    t
};

/// A GUID field for [`Parser::ace_fast`] at `pos`: empty, or a GUID of 36 characters; either way
/// followed by `;`. Returns the GUID and the position of that `;`.
#[inline(always)]
fn guid_field_fast(b: &[u8], pos: usize) -> Option<(Option<Guid>, usize)> {
    if *b.get(pos)? == b';' {
        return Some((None, pos));
    }
    let text: &[u8; 36] = b.get(pos..pos + 36)?.try_into().ok()?;
    if *b.get(pos + 36)? != b';' {
        return None;
    }
    Some((Some(parse_guid_bytes(text)?), pos + 36))
}

/// The common shape of a SID at `start` (the `S` of `S-`): `S-1-`, an authority and 1 to 15
/// sub-authorities, all in decimal (no spaces, no `0x`) and within range (an authority of at
/// most 10 digits, so below 2^48; sub-authorities up to 2^32 - 1). Returns the SID and the
/// position after it; the caller checks what follows. Whatever else `parse_numeric_sid`
/// accepts gives `None`; text this reads to its end, `parse_numeric_sid` reads to the same SID
/// (`numeric_sid_fast_agrees_with_the_general_parser`).
fn numeric_sid_fast(b: &[u8], start: usize) -> Option<(Sid, usize)> {
    numeric_sid_parts(b, start).map(|(sid, end, _)| (sid, end))
}

/// [`numeric_sid_fast`], and whether the text is what Windows prints for the SID: an
/// upper-case `S`, an authority below 2^32 (larger ones print in hex) and no number with a
/// leading zero.
fn numeric_sid_fast_canonical(b: &[u8], start: usize) -> Option<(Sid, usize, bool)> {
    let (sid, end, leading_zero) = numeric_sid_parts(b, start)?;
    let canonical = b[start] == b'S' && sid.authority() < 1 << 32 && !leading_zero;
    Some((sid, end, canonical))
}

/// [`numeric_sid_fast`] and whether a number had a leading zero (what callers that do not ask
/// compile away).
#[inline(always)]
fn numeric_sid_parts(b: &[u8], start: usize) -> Option<(Sid, usize, bool)> {
    if b.get(start + 2..start + 4)? != b"1-" {
        return None;
    }
    let (authority, mut pos) = decimal_fast(b, start + 4)?;
    let mut leading_zero = has_leading_zero(b, start + 4, pos);
    let mut subs = [0u32; MAX_SUB_AUTHORITIES];
    let mut count = 0;
    while b.get(pos) == Some(&b'-') {
        let (v, next) = decimal_fast(b, pos + 1)?;
        *subs.get_mut(count)? = u32::try_from(v).ok()?;
        leading_zero |= has_leading_zero(b, pos + 1, next);
        count += 1;
        pos = next;
    }
    if count == 0 {
        return None;
    }
    // In range: at most 10 digits for the authority, at most 15 sub-authorities.
    Some((Sid::from_array(authority, count, subs), pos, leading_zero))
}

/// Whether the number in `b[start..end]` (digits) has a leading zero.
#[inline(always)]
fn has_leading_zero(b: &[u8], start: usize, end: usize) -> bool {
    end - start > 1 && b.get(start) == Some(&b'0')
}

/// 1 to 10 decimal digits at `pos`: their value and the position after them. SWAR: the first
/// eight bytes are checked for digits and converted at once in a `u64`, and the two after them
/// from a second `u64` when there are sixteen bytes to read (no loop over the digits of a
/// 10-digit sub-authority, the common length in domain SIDs).
#[inline(always)]
fn decimal_fast(b: &[u8], pos: usize) -> Option<(u64, usize)> {
    if let Some(chunk) = b.get(pos..pos + 16) {
        let (lo, hi) = chunk.split_at(8);
        let d = digit_values(u64::from_le_bytes(lo.try_into().expect("8 bytes")));
        let n = d.1;
        if n < 8 {
            if n == 0 {
                return None;
            }
            // The `n` digits, moved up so the value has `8 - n` leading zeros.
            return Some((eight_digit_value(d.0 << (8 * (8 - n))), pos + n));
        }
        let e = digit_values(u64::from_le_bytes(hi.try_into().expect("8 bytes")));
        // Eight digits, then 0, 1 or 2 more (more would not fit a sub-authority).
        let (v, scale) = match e.1 {
            0 => (0, 1),
            1 => (e.0 & 0xff, 10),
            2 => ((e.0 & 0xff) * 10 + ((e.0 >> 8) & 0xff), 100),
            _ => return None,
        };
        return Some((eight_digit_value(d.0) * scale + v, pos + 8 + e.1));
    }
    let (mut v, mut i) = (0u64, pos);
    if let Some(chunk) = b.get(pos..pos + 8) {
        let (d, n) = digit_values(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        if n == 0 {
            return None;
        }
        v = eight_digit_value(d << (8 * (8 - n)));
        i = pos + n;
        if n < 8 {
            return Some((v, i));
        }
    }
    while let Some(&c) = b.get(i) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        if i - pos == 10 {
            return None;
        }
        v = v * 10 + d as u64;
        i += 1;
    }
    if i == pos {
        return None;
    }
    Some((v, i))
}

/// The eight bytes of `w` (the first in the lowest byte) minus `0`, and how many of them, from
/// the first, are digits: 0 to 9 in the bytes before the first that is no digit. Borrows and
/// carries only start at that byte, so it is found exactly (bytes after it do not matter).
#[inline(always)]
fn digit_values(w: u64) -> (u64, usize) {
    let d = w.wrapping_sub(0x3030_3030_3030_3030);
    let not_digit = (d | d.wrapping_add(0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080;
    (d, (not_digit.trailing_zeros() / 8) as usize)
}

/// The value of eight decimal digits given as bytes 0 to 9, the first (most significant) in the
/// lowest byte: pairs, then fours, then all eight combined by multiplications.
#[inline]
fn eight_digit_value(d: u64) -> u64 {
    // Byte i becomes 10 * d[i] + d[i + 1] (the even bytes are the pairs).
    let v = d.wrapping_mul(10).wrapping_add(d >> 8);
    const MASK: u64 = 0x0000_00ff_0000_00ff;
    // Pairs 0 and 2 weighed 10^6 and 10^2; pairs 1 and 3 weighed 10^4 and 1; summed in the
    // high half.
    const MUL1: u64 = 100 + (1_000_000 << 32);
    const MUL2: u64 = 1 + (10_000 << 32);
    ((v & MASK)
        .wrapping_mul(MUL1)
        .wrapping_add(((v >> 16) & MASK).wrapping_mul(MUL2)))
        >> 32
}

fn plain_type(t: AceType) -> AceType {
    match t {
        AceType::AccessAllowedObject => AceType::AccessAllowed,
        AceType::AccessDeniedObject => AceType::AccessDenied,
        AceType::SystemAuditObject => AceType::SystemAudit,
        AceType::SystemAlarmObject => AceType::SystemAlarm,
        other => other,
    }
}

/// The first `;`, `)` or `(` at or after `pos`. Fields are short (2 to 36 bytes), too short for
/// a vectorised search to pay off, so this looks at 8 bytes per step in a `u64` (SWAR).
fn find_field_end(b: &[u8], mut pos: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero. Bits above the first zero byte may be
    // wrong (borrows), so only the lowest set bit is used.
    const fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGHS
    }
    while let Some(chunk) = b.get(pos..pos + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // `(` is 0x28 and `)` 0x29: setting bit 0 maps both to 0x29.
        let hits =
            zero_bytes(w ^ (b';' as u64 * ONES)) | zero_bytes((w | ONES) ^ (b')' as u64 * ONES));
        if hits != 0 {
            return Some(pos + (hits.trailing_zeros() / 8) as usize);
        }
        pos += 8;
    }
    b.get(pos..)?
        .iter()
        .position(|&c| matches!(c, b';' | b')' | b'('))
        .map(|i| pos + i)
}

fn trim_end_spaces(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b[end - 1] == b' ' {
        end -= 1;
    }
    end
}

fn memchr_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// Hex digit values; 0xff for anything else.
pub(crate) const HEX_VALUE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0xff,
        };
        i += 1;
    }
    t
};

/// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in any case); nothing else (no
/// braces, no missing hyphens), as Windows' `UuidFromString`. Hand-written: GUIDs are on the hot
/// path of Active Directory descriptors, where a combinator version cost 10% of parse time.
pub fn parse_guid(text: &str) -> Option<Guid> {
    parse_guid_bytes(text.as_bytes().try_into().ok()?)
}

fn parse_guid_bytes(b: &[u8; 36]) -> Option<Guid> {
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")) as u64;
    // The 32 digits without the hyphens, eight to a word, then the 16 bytes in text order.
    let [lo, hi] = crate::hex::decode32([
        word(0),
        half(9) | half(14) << 32,
        half(19) | half(24) << 32,
        word(28),
    ])?;
    Some(Guid {
        data1: (lo as u32).swap_bytes(),
        data2: ((lo >> 32) as u16).swap_bytes(),
        data3: ((lo >> 48) as u16).swap_bytes(),
        data4: hi.to_le_bytes(),
    })
}

/// The ACL flags after `D:` or `S:`, as bits.
mod acl_flag {
    pub const NULL: u8 = 1;
    pub const PROTECTED: u8 = 2;
    pub const AUTO_INHERIT_REQ: u8 = 4;
    pub const AUTO_INHERITED: u8 = 8;

    /// The bits as the model keeps them: the flags, and whether the ACL is NULL.
    pub fn split(flags: u8) -> (crate::model::AclFlags, bool) {
        let flags_of = crate::model::AclFlags {
            protected: flags & PROTECTED != 0,
            auto_inherit_req: flags & AUTO_INHERIT_REQ != 0,
            auto_inherited: flags & AUTO_INHERITED != 0,
        };
        (flags_of, flags & NULL != 0)
    }
}

/// The ACL flags at the start of `input`: any sequence of `P`, `AR`, `AI` and
/// `NO_ACCESS_CONTROL` (any case, spaces before each), up to the first thing that is not one.
/// Returns the flags (bits of [`acl_flag`]) and the bytes consumed (trailing spaces included).
/// With nom combinators: a hand-written loop saved about 300 instructions per ACL (0.6 % of
/// parse + print), not worth a second grammar for the same tokens.
fn acl_flags(input: &[u8]) -> (u8, usize) {
    use nom::branch::alt;
    use nom::bytes::complete::{tag_no_case, take_while};
    use nom::combinator::value;
    use nom::multi::fold_many0;
    use nom::sequence::preceded;
    use nom::Parser as _;

    // Most ACLs have no flags: their first ACE follows at once.
    if input.first() == Some(&b'(') {
        return (0, 0);
    }
    let spaces = || take_while(|c: u8| c == b' ');
    let flag = alt((
        value(acl_flag::NULL, tag_no_case(&b"NO_ACCESS_CONTROL"[..])),
        value(acl_flag::AUTO_INHERITED, tag_no_case(&b"AI"[..])),
        value(acl_flag::AUTO_INHERIT_REQ, tag_no_case(&b"AR"[..])),
        value(acl_flag::PROTECTED, tag_no_case(&b"P"[..])),
    ));
    let mut flags = (
        fold_many0(preceded(spaces(), flag), || 0u8, |acc, f| acc | f),
        spaces(),
    );
    match flags.parse(input) {
        Ok((rest, (found, _))) => (found, input.len() - rest.len()),
        Err(nom::Err::Error(()) | nom::Err::Failure(())) | Err(nom::Err::Incomplete(_)) => (0, 0),
    }
}

/// Parses `input` and prints it as canonical SDDL: what [`to_sddl`](crate::to_sddl) prints for
/// [`parse`]'s descriptor, with the same domain SID, when the parse has no error; the parse's
/// errors otherwise (as [`parse_strict`] returns them). The common shapes are printed as they are read, without building
/// the descriptor (`sddl fmt`'s path; about a fifth less work than parsing and printing).
pub fn canonicalize(input: &str, opts: &ParseOptions) -> Result<String, Vec<ParseError>> {
    let mut p = Parser {
        input,
        b: input.as_bytes(),
        opts,
        errors: Vec::new(),
        fast: true,
    };
    match p.canonical_fast() {
        Some(text) => Ok(text),
        None => canonicalize_reference(input, opts),
    }
}

/// [`canonicalize`] by [`parse`] and [`to_sddl`](crate::to_sddl): the reference its one-pass
/// path is compared with.
#[doc(hidden)]
pub fn canonicalize_reference(input: &str, opts: &ParseOptions) -> Result<String, Vec<ParseError>> {
    let parsed = parse(input, opts);
    if parsed.errors.is_empty() {
        let fopts = crate::FormatOptions {
            domain_sid: opts.domain_sid,
        };
        Ok(crate::to_sddl(&parsed.sd, &fopts))
    } else {
        Err(parsed.errors)
    }
}

/// Parses and returns the descriptor only when there was no error.
pub fn parse_strict(
    input: &str,
    opts: &ParseOptions,
) -> Result<SecurityDescriptor, Vec<ParseError>> {
    let p = parse(input, opts);
    if p.errors.is_empty() {
        Ok(p.sd)
    } else {
        Err(p.errors)
    }
}

/// Parses a SID string or two-letter alias occupying exactly `input[range]` (the caller trims
/// whatever whitespace its context allows).
///
/// Windows' rules: `S-`/`s-`, then the revision and the identifier authority and 1 to 15
/// sub-authorities separated by `-`. Each number may have leading spaces and leading zeros, and
/// may be hex with `0x`; a hex revision (`S-0x1-`) makes every later number hex even without
/// `0x`. Sub-authorities above 2^32-1 saturate to 4294967295; the authority may use 48 bits.
pub(crate) fn parse_sid_str(
    input: &str,
    range: std::ops::Range<usize>,
    opts: &ParseOptions,
) -> Result<SidRef, ParseError> {
    let text = &input[range.clone()];
    let span = Span::from_range(range.start, range.end);
    let b = text.as_bytes();
    if b.len() >= 2 && (b[0] == b'S' || b[0] == b's') && b[1] == b'-' {
        if let Some((sid, end)) = numeric_sid_fast(b, 0) {
            if end == b.len() {
                return Ok(SidRef::Sid(sid));
            }
        }
        return parse_numeric_sid(text, range.start).map(SidRef::Sid);
    }
    match alias_by_code(text) {
        Some(a) => match a.target {
            AliasTarget::WellKnown(sid) => Ok(SidRef::Sid(sid)),
            AliasTarget::DomainRelative(rid) => match &opts.domain_sid {
                Some(d) => d.with_rid(rid).map(SidRef::Sid).ok_or_else(|| {
                    ParseError::new(
                        ErrorCode::InvalidSid,
                        span,
                        "the domain SID has no room for another sub-authority",
                    )
                }),
                None => Ok(SidRef::Unresolved(a)),
            },
        },
        None => Err(invalid_sid(text, span)),
    }
}

fn invalid_sid(text: &str, span: Span) -> ParseError {
    let msg = if text.is_empty() {
        "missing SID".to_string()
    } else {
        format!("`{}` is not a SID or a SID alias", text.escape_debug())
    };
    ParseError::new(ErrorCode::InvalidSid, span, msg)
        .with_help("write `S-1-...` or a two-letter alias such as `BA`, `SY` or `WD`")
}

/// Parses `S-R-A-s1-s2...`; `base` is the offset of `text` in the whole input.
fn parse_numeric_sid(text: &str, base: usize) -> Result<Sid, ParseError> {
    let b = text.as_bytes();
    let mut pos = 2; // after "S-"
    let mut hex_mode = false;
    let mut numbers: [u64; 2 + MAX_SUB_AUTHORITIES] = [0; 2 + MAX_SUB_AUTHORITIES];
    let mut count = 0usize;
    loop {
        let start = pos;
        while pos < b.len() && b[pos] == b' ' {
            pos += 1;
        }
        let mut hex = hex_mode;
        if pos + 1 < b.len() && b[pos] == b'0' && (b[pos + 1] == b'x' || b[pos + 1] == b'X') {
            hex = true;
            pos += 2;
            if count == 0 {
                hex_mode = true;
            }
        }
        let digits_start = pos;
        // Values are clamped at 2^56, far above every limit checked below (48-bit authority,
        // 32-bit sub-authorities), so the arithmetic never overflows.
        const CLAMP: u64 = 1 << 56;
        let mut value: u64 = 0;
        if hex {
            while pos < b.len() {
                let d = crate::parse::HEX_VALUE[b[pos] as usize];
                if d > 0xf {
                    break;
                }
                value = (value * 16 + d as u64).min(CLAMP);
                pos += 1;
            }
        } else {
            while pos < b.len() && b[pos].is_ascii_digit() {
                value = (value * 10 + (b[pos] - b'0') as u64).min(CLAMP);
                pos += 1;
            }
        }
        let saturated = value >= CLAMP;
        let num_span = Span::from_range(base + start, base + pos);
        if pos == digits_start {
            let end = text[pos..]
                .find('-')
                .map(|i| pos + i)
                .unwrap_or(text.len())
                .max(pos + text[pos..].chars().next().map_or(0, char::len_utf8));
            let span = Span::from_range(base + start, base + end.min(text.len()));
            return Err(ParseError::new(
                ErrorCode::InvalidSid,
                span,
                "expected a number in the SID",
            ));
        }
        if saturated {
            value = u64::MAX;
        }
        if count >= numbers.len() {
            return Err(ParseError::new(
                ErrorCode::LimitExceeded,
                Span::from_range(base, base + text.len()),
                format!("a SID has at most {MAX_SUB_AUTHORITIES} sub-authorities"),
            ));
        }
        match count {
            0 => {
                if value != 1 {
                    return Err(ParseError::new(
                        ErrorCode::InvalidSid,
                        num_span,
                        "the SID revision must be 1",
                    ));
                }
            }
            1 => {
                if value > MAX_AUTHORITY {
                    return Err(ParseError::new(
                        ErrorCode::InvalidSid,
                        num_span,
                        "the identifier authority must fit in 48 bits",
                    ));
                }
            }
            _ => value = value.min(u32::MAX as u64),
        }
        numbers[count] = value;
        count += 1;
        if pos == b.len() {
            break;
        }
        if b[pos] != b'-' {
            let ch_len = text[pos..].chars().next().map_or(1, char::len_utf8);
            return Err(ParseError::new(
                ErrorCode::InvalidSid,
                Span::from_range(base + pos, base + pos + ch_len),
                "unexpected character in SID",
            ));
        }
        pos += 1;
    }
    if count < 3 {
        return Err(ParseError::new(
            ErrorCode::InvalidSid,
            Span::from_range(base, base + text.len()),
            "a SID needs a revision, an authority and at least one sub-authority",
        ));
    }
    let mut subs = [0u32; MAX_SUB_AUTHORITIES];
    for (d, &v) in subs.iter_mut().zip(&numbers[2..count]) {
        *d = v as u32;
    }
    Ok(Sid::new(numbers[0] as u8, numbers[1], &subs[..count - 2]).expect("bounds checked above"))
}

#[cfg(test)]
mod sid_tests {
    use super::*;

    fn sid(s: &str) -> Result<String, ErrorCode> {
        parse_sid_str(s, 0..s.len(), &ParseOptions::default())
            .map(|r| match r {
                SidRef::Sid(s) => s.to_string(),
                SidRef::Unresolved(a) => a.code.to_string(),
            })
            .map_err(|e| e.code)
    }

    #[test]
    fn windows_sid_quirks() {
        assert_eq!(sid("S-1-5-32-544").unwrap(), "S-1-5-32-544");
        assert_eq!(sid("s-1-12-1").unwrap(), "S-1-12-1");
        assert_eq!(sid("S-0x1-0XC-0x1a").unwrap(), "S-1-12-26");
        assert_eq!(sid("S-0x1-0-0-579").unwrap(), "S-1-0-0-1401");
        assert_eq!(sid("S- 1- 2-3").unwrap(), "S-1-2-3");
        assert_eq!(sid("S-01-5-32-579").unwrap(), "S-1-5-32-579");
        assert_eq!(sid("S-1-5-040-579").unwrap(), "S-1-5-40-579");
        assert_eq!(sid("S-1-3-4294967296-3-4").unwrap(), "S-1-3-4294967295-3-4");
        assert_eq!(
            sid("S-1-281474976710655-579").unwrap(),
            "S-1-0xFFFFFFFFFFFF-579"
        );
        assert_eq!(sid("wD").unwrap(), "S-1-1-0");
        assert_eq!(sid("LA").unwrap(), "LA");
    }

    #[test]
    fn rejects() {
        assert_eq!(sid("S-1-5"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-281474976710656-579"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-5--1"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("WDANDSUCH"), Err(ErrorCode::InvalidSid));
        assert_eq!(sid("S-1-5-1 "), Err(ErrorCode::InvalidSid));
        assert_eq!(sid(""), Err(ErrorCode::InvalidSid));
        assert_eq!(
            sid("S-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1"),
            Err(ErrorCode::LimitExceeded)
        );
    }

    #[test]
    fn numeric_sid_fast_agrees_with_the_general_parser() {
        let mut texts: Vec<String> = [
            "S-1-5-32-544",
            "s-1-5-32-544",
            "S-1-5-21-1-2-3-500",
            "S-1-0-0",
            "S-1-5",
            "S-1-5-",
            "S-1-5--1",
            "S-01-5-1",
            "S-1-05-1",
            "S-1-0x5-1",
            "S-1-5-0x1",
            "S-1-5- 1",
            "S-1-5-1 ",
            "S-1-9999999999-1",
            "S-1-99999999999-1",
            "S-1-281474976710655-1",
            "S-1-5-4294967295",
            "S-1-5-4294967296",
            "S-1-5-00000000001",
            "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
            "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
            "S-1-5-1x",
            "S-2-5-1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut s = format!(
                "S-1-{}",
                x % [10, 1000, 1 << 40, 99_999_999_999][(x >> 60) as usize % 4]
            );
            for i in 0..(x >> 8) % 17 {
                let v =
                    (x >> (i * 3)) % [10, 100_000, 4_294_967_296, 9_999_999_999][(i as usize) % 4];
                s.push_str(&format!("-{v}"));
            }
            texts.push(s);
        }
        for t in &texts {
            if let Some((sid, end)) = numeric_sid_fast(t.as_bytes(), 0) {
                if end == t.len() {
                    assert_eq!(parse_numeric_sid(t, 0), Ok(sid), "{t}");
                }
            }
        }
    }

    #[test]
    fn domain_alias_resolves() {
        let d = Sid::from_parts(5, &[21, 1, 2, 3]);
        let opts = ParseOptions {
            domain_sid: Some(d),
        };
        let r = parse_sid_str("DA", 0..2, &opts).unwrap();
        assert_eq!(r, SidRef::Sid(d.with_rid(512).unwrap()));
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn flag_lookup_matches_the_flag_tables() {
        for &(code, bit) in ace_flags::SDDL.iter().chain(ace_flags::SDDL_INPUT_ONLY) {
            let c = code.as_bytes();
            assert_eq!(ace_flag_bit(c[0], c[1]), Some(bit), "{code}");
            assert_eq!(
                ace_flag_bit(c[0].to_ascii_lowercase(), c[1].to_ascii_lowercase()),
                Some(bit)
            );
        }
        assert_eq!(ace_flag_bit(b'X', b'X'), None);
    }

    #[test]
    fn decimal_fast_matches_a_digit_loop() {
        fn reference(b: &[u8], pos: usize) -> Option<(u64, usize)> {
            let n = b[pos..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 10 {
                return None;
            }
            let text = std::str::from_utf8(&b[pos..pos + n]).unwrap();
            Some((text.parse().unwrap(), pos + n))
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for len in 0..14 {
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let mut t: Vec<u8> = (0..len)
                    .map(|i| b'0' + ((x >> (i * 4)) % 10) as u8)
                    .collect();
                t.extend_from_slice(b")-;/:0");
                texts.push(t);
            }
        }
        // Every byte value right after a run of digits, and in the middle of one.
        for v in 0..=255u8 {
            for at in 0..12 {
                let mut t = b"4294967295123456".to_vec();
                t[at] = v;
                texts.push(t);
            }
        }
        for t in &texts {
            for pos in 0..t.len() {
                assert_eq!(decimal_fast(t, pos), reference(t, pos), "{t:?} at {pos}");
            }
        }
    }

    #[test]
    fn field_end_matches_a_byte_loop() {
        let naive = |b: &[u8], pos: usize| {
            b[pos..]
                .iter()
                .position(|&c| matches!(c, b';' | b')' | b'('))
                .map(|i| pos + i)
        };
        // Every byte value at every offset of a 20-byte field, delimiters after it or not.
        for v in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'A'; 20];
                b[at] = v;
                for tail in [&b""[..], b";", b")", b"(", b"x;"] {
                    let mut t = b.clone();
                    t.extend_from_slice(tail);
                    for pos in 0..t.len() {
                        assert_eq!(
                            super::find_field_end(&t, pos),
                            naive(&t, pos),
                            "{t:?} at {pos}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn guid_parse_agrees_with_a_digit_loop() {
        // The obvious parser, for reference: a digit at a time.
        fn reference(text: &str) -> Option<Guid> {
            let b = text.as_bytes();
            if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            let mut bytes = [0u8; 16];
            let digits: Vec<u8> = b
                .iter()
                .enumerate()
                .filter(|(i, _)| ![8, 13, 18, 23].contains(i))
                .map(|(_, &c)| c)
                .collect();
            for (k, pair) in digits.chunks(2).enumerate() {
                let s = std::str::from_utf8(pair).ok()?;
                if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                bytes[k] = u8::from_str_radix(s, 16).ok()?;
            }
            Some(Guid {
                data1: u32::from_be_bytes(bytes[0..4].try_into().unwrap()),
                data2: u16::from_be_bytes(bytes[4..6].try_into().unwrap()),
                data3: u16::from_be_bytes(bytes[6..8].try_into().unwrap()),
                data4: bytes[8..16].try_into().unwrap(),
            })
        }
        let base = *b"0123abcd-ef45-6789-ABCD-EF0123456789";
        assert_eq!(
            parse_guid(std::str::from_utf8(&base).unwrap()),
            reference(std::str::from_utf8(&base).unwrap())
        );
        assert!(reference(std::str::from_utf8(&base).unwrap()).is_some());
        // Every ASCII byte at every position (non-ASCII makes the text another length).
        for at in 0..36 {
            for v in 0..0x80u8 {
                let mut t = base;
                t[at] = v;
                let text = std::str::from_utf8(&t).unwrap();
                assert_eq!(parse_guid(text), reference(text), "{text:?}");
            }
        }
        // Non-ASCII characters of the right byte length.
        for text in [
            "0123abcd-ef45-6789-ABCD-EF01234567é",
            "é123abcd-ef45-6789-ABCD-EF012345678",
        ] {
            assert_eq!(text.len(), 36);
            assert_eq!(parse_guid(text), None);
        }
    }

    #[test]
    fn guid_parse_is_exact() {
        let g = parse_guid("00299570-246D-11d0-a768-00aa006e0529").unwrap();
        let mut s = String::new();
        g.write_to(&mut s);
        assert_eq!(s, "00299570-246d-11d0-a768-00aa006e0529");
        assert_eq!(g.to_string(), s);
        for bad in [
            "{00299570-246d-11d0-a768-00aa006e0529}",
            "00299570246d11d0a76800aa006e0529",
            "00299570-246d-11d0-a768-00aa006e052",
            "00299570-246d-11d0-a768-00aa006e052g",
            "00299570-246d-11d0+a768-00aa006e0529",
        ] {
            assert!(parse_guid(bad).is_none(), "{bad}");
        }
    }
}
