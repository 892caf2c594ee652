//! Security identifiers and the SDDL alias tables.

use std::fmt;

/// Windows' limit on sub-authorities in a SID (`SID_MAX_SUB_AUTHORITIES`).
pub const MAX_SUB_AUTHORITIES: usize = 15;

/// The largest identifier authority: 48 bits.
pub const MAX_AUTHORITY: u64 = (1 << 48) - 1;

/// `OWNER RIGHTS` (S-1-3-4): an ACE for it replaces the rights an object's owner has
/// implicitly (`READ_CONTROL`, `WRITE_DAC`).
pub const OWNER_RIGHTS: Sid = Sid::from_parts(3, &[4]);

/// A security identifier (MS-DTYP 2.4.2). Stored inline, no allocation.
///
/// Sub-authorities past `count` are always zero (every constructor fills them so), which the
/// comparisons and [`Sid::is_in_domain`] rely on.
#[derive(Clone, Copy)]
pub struct Sid {
    revision: u8,
    count: u8,
    authority: u64,
    subs: [u32; MAX_SUB_AUTHORITIES],
    /// The `ALIAS_TABLE` position + 1 of the well-known alias this SID is, when known (the
    /// SIDs of the alias table carry it, and so every copy of them, such as the SID of a
    /// parsed alias); 0 otherwise. Not part of the SID: comparisons and hashing ignore it,
    /// and every constructor and change clears it. A hint for [`alias_for_sid`], which
    /// otherwise looks the SID up (the canonical printer asks for every trustee), in the
    /// padding after `count` (no larger SID).
    alias: u8,
}

// Comparisons and hashing as derived over the SID's fields, without `alias`.
impl PartialEq for Sid {
    #[inline]
    fn eq(&self, other: &Sid) -> bool {
        self.same(other)
    }
}
impl Eq for Sid {}
impl std::hash::Hash for Sid {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.revision.hash(state);
        self.count.hash(state);
        self.authority.hash(state);
        self.subs.hash(state);
    }
}
impl PartialOrd for Sid {
    fn partial_cmp(&self, other: &Sid) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Sid {
    fn cmp(&self, other: &Sid) -> std::cmp::Ordering {
        (self.revision, self.count, self.authority, self.subs).cmp(&(
            other.revision,
            other.count,
            other.authority,
            other.subs,
        ))
    }
}

impl Sid {
    /// Builds a SID. Returns `None` when there are more than 15 sub-authorities or the authority
    /// needs more than 48 bits.
    pub fn new(revision: u8, authority: u64, subs: &[u32]) -> Option<Sid> {
        if subs.len() > MAX_SUB_AUTHORITIES || authority > MAX_AUTHORITY {
            return None;
        }
        let mut s = Sid {
            revision,
            count: subs.len() as u8,
            authority,
            subs: [0; MAX_SUB_AUTHORITIES],
            alias: 0,
        };
        s.subs[..subs.len()].copy_from_slice(subs);
        Some(s)
    }

    /// A SID from sub-authorities already in place (no copy), for parsers that have checked
    /// the bounds: `count` at most 15, the authority below 2^48, `subs` zero past `count`.
    #[inline]
    pub(crate) fn from_array(
        authority: u64,
        count: usize,
        subs: [u32; MAX_SUB_AUTHORITIES],
    ) -> Sid {
        debug_assert!(count <= MAX_SUB_AUTHORITIES && authority <= MAX_AUTHORITY);
        debug_assert!(subs[count.min(MAX_SUB_AUTHORITIES)..]
            .iter()
            .all(|&s| s == 0));
        Sid {
            revision: 1,
            count: count as u8,
            authority,
            subs,
            alias: 0,
        }
    }

    /// `S-1-<authority>-<subs...>`; panics only on programmer error (constant tables).
    pub const fn from_parts(authority: u64, subs: &[u32]) -> Sid {
        assert!(subs.len() <= MAX_SUB_AUTHORITIES);
        let mut arr = [0u32; MAX_SUB_AUTHORITIES];
        let mut i = 0;
        while i < subs.len() {
            arr[i] = subs[i];
            i += 1;
        }
        Sid {
            revision: 1,
            count: subs.len() as u8,
            authority,
            subs: arr,
            alias: 0,
        }
    }

    pub fn revision(&self) -> u8 {
        self.revision
    }

    pub fn authority(&self) -> u64 {
        self.authority
    }

    pub fn sub_authorities(&self) -> &[u32] {
        &self.subs[..self.count as usize]
    }

    /// The last sub-authority, if any.
    pub fn rid(&self) -> Option<u32> {
        self.sub_authorities().last().copied()
    }

    /// This SID with one more sub-authority, or `None` when it already has 15.
    pub fn with_rid(&self, rid: u32) -> Option<Sid> {
        if self.count as usize >= MAX_SUB_AUTHORITIES {
            return None;
        }
        let mut s = *self;
        s.subs[s.count as usize] = rid;
        s.count += 1;
        s.alias = 0;
        Some(s)
    }

    /// Whether `self` is `domain` plus exactly one RID.
    pub fn is_in_domain(&self, domain: &Sid) -> bool {
        if self.revision != domain.revision
            || self.authority != domain.authority
            || self.count != domain.count + 1
        {
            return false;
        }
        // Both arrays are zero past their counts: but for the RID, `self` equals the domain
        // exactly when its other sub-authorities are the domain's (a fixed-size comparison,
        // the RID's difference masked out; clearing the RID in a copy made the comparison
        // load what was just stored around it, which stalled store forwarding).
        let rid = domain.count as usize;
        let diff = self
            .subs
            .iter()
            .zip(&domain.subs)
            .enumerate()
            .fold(0, |acc, (i, (x, y))| acc | if i == rid { 0 } else { x ^ y });
        diff == 0
    }

    /// `==` without the call to `memcmp` that comparing the arrays compiles to: every
    /// difference is ORed together, which the compiler does a vector at a time.
    #[inline]
    fn same(&self, other: &Sid) -> bool {
        self.revision == other.revision
            && self.count == other.count
            && self.authority == other.authority
            && same_subs(&self.subs, &other.subs)
    }

    /// Size of the binary form in bytes.
    pub fn binary_len(&self) -> usize {
        8 + 4 * self.count as usize
    }
}

impl fmt::Display for Sid {
    /// Windows' `ConvertSidToStringSid` form: authorities below 2^32 in decimal, larger ones as
    /// upper-case hex with `0x`; sub-authorities in decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S-{}-", self.revision)?;
        if self.authority >= 1 << 32 {
            write!(f, "0x{:X}", self.authority)?;
        } else {
            write!(f, "{}", self.authority)?;
        }
        for s in self.sub_authorities() {
            write!(f, "-{s}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[inline]
fn same_subs(a: &[u32; MAX_SUB_AUTHORITIES], b: &[u32; MAX_SUB_AUTHORITIES]) -> bool {
    a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a two-letter SDDL alias stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasTarget {
    /// A fixed SID.
    WellKnown(Sid),
    /// The caller's domain (or machine) SID plus this RID.
    DomainRelative(u32),
}

/// One row of the alias table.
#[derive(Clone, Copy, Debug)]
pub struct Alias {
    pub code: &'static str,
    pub target: AliasTarget,
    /// The account name Windows shows (English).
    pub name: &'static str,
}

const fn wk(code: &'static str, authority: u64, subs: &[u32], name: &'static str) -> Alias {
    Alias {
        code,
        target: AliasTarget::WellKnown(Sid::from_parts(authority, subs)),
        name,
    }
}

const fn dom(code: &'static str, rid: u32, name: &'static str) -> Alias {
    Alias {
        code,
        target: AliasTarget::DomainRelative(rid),
        name,
    }
}

/// Every SDDL SID alias Windows knows, in the order Windows' own table lists them.
///
/// Sources: learn.microsoft.com "SID strings" (SDDL_* constants in sddl.h), Samba's
/// `libcli/security/sddl.c` table and `python/samba/tests/sid_strings.py` (values confirmed on a
/// Windows DC), Wine's `dlls/sechost/security.c` (see `docs/sources.md`).
pub static ALIASES: &[Alias] = &ALIAS_TABLE;

const ALIAS_TABLE: [Alias; 66] = with_alias_hints([
    dom("RO", 498, "Enterprise Read-only Domain Controllers"),
    dom("LA", 500, "Administrator"),
    dom("LG", 501, "Guest"),
    dom("DA", 512, "Domain Admins"),
    dom("DU", 513, "Domain Users"),
    dom("DG", 514, "Domain Guests"),
    dom("DC", 515, "Domain Computers"),
    dom("DD", 516, "Domain Controllers"),
    dom("CA", 517, "Cert Publishers"),
    dom("SA", 518, "Schema Admins"),
    dom("EA", 519, "Enterprise Admins"),
    dom("PA", 520, "Group Policy Creator Owners"),
    dom("CN", 522, "Cloneable Domain Controllers"),
    dom("AP", 525, "Protected Users"),
    dom("KA", 526, "Key Admins"),
    dom("EK", 527, "Enterprise Key Admins"),
    dom("RS", 553, "RAS and IAS Servers"),
    wk("WD", 1, &[0], "Everyone"),
    wk("CO", 3, &[0], "CREATOR OWNER"),
    wk("CG", 3, &[1], "CREATOR GROUP"),
    wk("OW", 3, &[4], "OWNER RIGHTS"),
    wk("NU", 5, &[2], "NT AUTHORITY\\NETWORK"),
    wk("IU", 5, &[4], "NT AUTHORITY\\INTERACTIVE"),
    wk("SU", 5, &[6], "NT AUTHORITY\\SERVICE"),
    wk("AN", 5, &[7], "NT AUTHORITY\\ANONYMOUS LOGON"),
    wk("ED", 5, &[9], "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS"),
    wk("PS", 5, &[10], "NT AUTHORITY\\SELF"),
    wk("AU", 5, &[11], "NT AUTHORITY\\Authenticated Users"),
    wk("RC", 5, &[12], "NT AUTHORITY\\RESTRICTED"),
    wk("SY", 5, &[18], "NT AUTHORITY\\SYSTEM"),
    wk("LS", 5, &[19], "NT AUTHORITY\\LOCAL SERVICE"),
    wk("NS", 5, &[20], "NT AUTHORITY\\NETWORK SERVICE"),
    wk("WR", 5, &[33], "NT AUTHORITY\\WRITE RESTRICTED"),
    wk("BA", 5, &[32, 544], "BUILTIN\\Administrators"),
    wk("BU", 5, &[32, 545], "BUILTIN\\Users"),
    wk("BG", 5, &[32, 546], "BUILTIN\\Guests"),
    wk("PU", 5, &[32, 547], "BUILTIN\\Power Users"),
    wk("AO", 5, &[32, 548], "BUILTIN\\Account Operators"),
    wk("SO", 5, &[32, 549], "BUILTIN\\Server Operators"),
    wk("PO", 5, &[32, 550], "BUILTIN\\Print Operators"),
    wk("BO", 5, &[32, 551], "BUILTIN\\Backup Operators"),
    wk("RE", 5, &[32, 552], "BUILTIN\\Replicator"),
    wk(
        "RU",
        5,
        &[32, 554],
        "BUILTIN\\Pre-Windows 2000 Compatible Access",
    ),
    wk("RD", 5, &[32, 555], "BUILTIN\\Remote Desktop Users"),
    wk(
        "NO",
        5,
        &[32, 556],
        "BUILTIN\\Network Configuration Operators",
    ),
    wk("MU", 5, &[32, 558], "BUILTIN\\Performance Monitor Users"),
    wk("LU", 5, &[32, 559], "BUILTIN\\Performance Log Users"),
    wk("IS", 5, &[32, 568], "BUILTIN\\IIS_IUSRS"),
    wk("CY", 5, &[32, 569], "BUILTIN\\Cryptographic Operators"),
    wk("ER", 5, &[32, 573], "BUILTIN\\Event Log Readers"),
    wk(
        "CD",
        5,
        &[32, 574],
        "BUILTIN\\Certificate Service DCOM Access",
    ),
    wk("RA", 5, &[32, 575], "BUILTIN\\RDS Remote Access Servers"),
    wk("ES", 5, &[32, 576], "BUILTIN\\RDS Endpoint Servers"),
    wk("MS", 5, &[32, 577], "BUILTIN\\RDS Management Servers"),
    wk("HA", 5, &[32, 578], "BUILTIN\\Hyper-V Administrators"),
    wk(
        "AA",
        5,
        &[32, 579],
        "BUILTIN\\Access Control Assistance Operators",
    ),
    wk("RM", 5, &[32, 580], "BUILTIN\\Remote Management Users"),
    wk("UD", 5, &[84, 0, 0, 0, 0, 0], "USER MODE DRIVERS"),
    wk("AC", 15, &[2, 1], "ALL APPLICATION PACKAGES"),
    wk("LW", 16, &[4096], "Low Mandatory Level"),
    wk("ME", 16, &[8192], "Medium Mandatory Level"),
    wk("MP", 16, &[8448], "Medium Plus Mandatory Level"),
    wk("HI", 16, &[12288], "High Mandatory Level"),
    wk("SI", 16, &[16384], "System Mandatory Level"),
    wk("AS", 18, &[1], "Authentication authority asserted identity"),
    wk("SS", 18, &[2], "Service asserted identity"),
]);

/// The table with each well-known SID carrying its position + 1 (`Sid::alias`).
const fn with_alias_hints(mut t: [Alias; 66]) -> [Alias; 66] {
    let mut i = 0;
    while i < t.len() {
        if let AliasTarget::WellKnown(mut sid) = t[i].target {
            sid.alias = i as u8 + 1;
            t[i].target = AliasTarget::WellKnown(sid);
        }
        i += 1;
    }
    t
}

/// The number of each byte as a letter of a two-letter code: 0 to 25 for `A` to `Z` in either
/// case, 26 for every other byte.
const LETTER_NUMBER: [u8; 256] = {
    let mut t = [26u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = i as u8;
        i += 1;
    }
    t
};

/// The size of the tables of two-letter codes (ACE types, flags, rights, aliases): 27 × 27
/// slots are used, rounded up to a power of two so that a slot masked with `LETTER_SLOTS - 1`
/// (a no-op) needs no bounds check.
pub(crate) const LETTER_SLOTS: usize = 1024;

/// The slot of two bytes in the tables of two-letter codes, case-insensitively:
/// `27 * n(a) + n(b)` for their [`LETTER_NUMBER`]s. A slot with a byte that is no letter is
/// never given a code, so looking it up finds the table's "none" (two table loads instead of
/// two range checks and their branches, per lookup).
#[inline(always)]
pub(crate) const fn letter_slot(a: u8, b: u8) -> usize {
    (LETTER_NUMBER[a as usize] as usize * 27 + LETTER_NUMBER[b as usize] as usize)
        & (LETTER_SLOTS - 1)
}

/// The slot of a two-letter code of the constant tables; panics (at compile time) when the
/// code is not two letters.
pub(crate) const fn code_slot(code: &str) -> usize {
    let c = code.as_bytes();
    assert!(c.len() == 2, "codes are two letters");
    assert!(
        LETTER_NUMBER[c[0] as usize] < 26 && LETTER_NUMBER[c[1] as usize] < 26,
        "codes are two letters"
    );
    letter_slot(c[0], c[1])
}

const fn wk_key(sid: &Sid) -> u64 {
    (sid.authority << 40) | ((sid.count as u64) << 32) | sid.subs[sid.count as usize - 1] as u64
}

/// The lookup key of a domain-relative alias: bit 63 set (no well-known key has it: their
/// authority is at most 18), the RID below.
const fn domain_key(rid: u32) -> u64 {
    1 << 63 | rid as u64
}

/// The lookup key of every alias, by `ALIAS_TABLE` position.
const ALIAS_KEYS: [u64; ALIAS_TABLE.len()] = {
    let mut t = [0u64; ALIAS_TABLE.len()];
    let mut i = 0;
    while i < ALIAS_TABLE.len() {
        t[i] = match &ALIAS_TABLE[i].target {
            AliasTarget::WellKnown(sid) => {
                // What `alias_for_sid` assumes before it looks a SID up.
                assert!(matches!(sid.authority, 1 | 3 | 5 | 15 | 16 | 18));
                assert!(matches!(sid.count, 1 | 2 | 6));
                wk_key(sid)
            }
            AliasTarget::DomainRelative(rid) => domain_key(*rid),
        };
        i += 1;
    }
    t
};

const KEY_SLOTS: usize = 256;

/// A multiplicative hash that gives each of the 66 alias keys a slot of its own among 256
/// (found by a search; the table below fails to build if two keys ever share a slot).
const fn key_slot(key: u64) -> usize {
    (key.wrapping_mul(0xb9d1_79e0_6c0f_d4f5) >> 56) as usize
}

/// By slot: the alias key there (0 for none: no key is 0, every well-known key has its
/// authority above bit 40 and every domain key bit 63) and its `ALIAS_TABLE` position.
/// Canonical printing looks up the trustee of every ACE here: one probe and one comparison,
/// where a binary search over 66 keys was seven unpredictable branches and linear probing a
/// loop.
const SLOTS: ([u64; KEY_SLOTS], [u8; KEY_SLOTS]) = {
    let mut keys = [0u64; KEY_SLOTS];
    let mut index = [0u8; KEY_SLOTS];
    let mut i = 0;
    while i < ALIAS_KEYS.len() {
        let s = key_slot(ALIAS_KEYS[i]);
        assert!(ALIAS_KEYS[i] != 0, "alias keys are not 0");
        assert!(keys[s] == 0, "alias keys must hash to distinct slots");
        keys[s] = ALIAS_KEYS[i];
        index[s] = i as u8;
        i += 1;
    }
    (keys, index)
};
const SLOT_KEYS: [u64; KEY_SLOTS] = SLOTS.0;
const SLOT_INDEX: [u8; KEY_SLOTS] = SLOTS.1;

#[inline]
fn alias_by_key(key: u64) -> Option<&'static Alias> {
    let s = key_slot(key);
    (SLOT_KEYS[s] == key).then(|| &ALIAS_TABLE[SLOT_INDEX[s] as usize])
}

/// `ALIAS_TABLE` position + 1 by letter slot, 0 for none.
const ALIAS_INDEX: [u8; LETTER_SLOTS] = {
    let mut idx = [0u8; LETTER_SLOTS];
    let mut i = 0;
    while i < ALIAS_TABLE.len() {
        idx[code_slot(ALIAS_TABLE[i].code)] = i as u8 + 1;
        i += 1;
    }
    idx
};

/// [`alias_by_code`] for two bytes.
#[inline(always)]
pub(crate) fn alias_by_letters(a: u8, b: u8) -> Option<&'static Alias> {
    match ALIAS_INDEX[letter_slot(a, b)] {
        0 => None,
        n => Some(&ALIAS_TABLE[n as usize - 1]),
    }
}

/// Looks up an alias by its two letters, case-insensitively (Windows accepts `wd`, `Wd`).
#[inline]
pub fn alias_by_code(code: &str) -> Option<&'static Alias> {
    let b = code.as_bytes();
    match *b {
        [a, b] => alias_by_letters(a, b),
        _ => None,
    }
}

/// The alias Windows prints for `sid`, if any, given the domain SID that domain-relative aliases
/// resolve against.
pub fn alias_for_sid(sid: &Sid, domain: Option<&Sid>) -> Option<&'static Alias> {
    // A copy of a well-known alias's SID says which (what the lookup below finds for it).
    if sid.alias != 0 {
        return ALIAS_TABLE.get(sid.alias as usize - 1);
    }
    alias_lookup(sid, domain)
}

/// [`alias_for_sid`] without the hint a SID may carry.
fn alias_lookup(sid: &Sid, domain: Option<&Sid>) -> Option<&'static Alias> {
    // Every well-known alias has authority 1, 3, 5, 15, 16 or 18 and 1, 2 or 6 sub-authorities:
    // look it up by (authority, count, last sub-authority), then confirm the whole SID.
    // (1, 2 or 6 sub-authorities: a bit mask.)
    if matches!(sid.authority, 1 | 3 | 5 | 15 | 16 | 18) && (0b100_0110u32 >> sid.count) & 1 != 0 {
        if let Some(a) = alias_by_key(wk_key(sid)) {
            if matches!(&a.target, AliasTarget::WellKnown(w) if w.same(sid)) {
                return Some(a);
            }
        }
    }
    let d = domain?;
    if !sid.is_in_domain(d) {
        return None;
    }
    alias_by_key(domain_key(sid.rid()?))
}

/// Appends the `S-1-...` form (see the `Display` impl) without going through `fmt`.
pub fn write_sid(out: &mut String, sid: &Sid) {
    crate::out::append(out, |b| sid_bytes(b, sid));
}

/// The longest SID text: `S-255-0xFFFFFFFFFFFFFFFF` (`from_parts` does not check the authority)
/// and 15 times `-4294967295`.
pub(crate) const MAX_SID_TEXT: usize = 189;

/// [`write_sid`] into the formatter's buffer.
pub(crate) fn sid_bytes(out: &mut Vec<u8>, sid: &Sid) {
    let mut text = crate::out::Text::<SID_ROOM>::new();
    text.write(|b, n| sid_into(b, n, sid));
    out.extend_from_slice(text.as_bytes());
}

/// The room [`sid_into`] needs: a window of 272 bytes, in which every write is at an offset
/// masked with 255 (a no-op: the text is at most [`MAX_SID_TEXT`] bytes, see the assertion),
/// so the compiler sees each store of at most 16 bytes in bounds and checks none of them.
pub(crate) const SID_ROOM: usize = 256 + 16;
const _: () = assert!(MAX_SID_TEXT + 16 <= 256);

/// [`write_sid`] at `buf[n..]`, which must have room for [`SID_ROOM`] bytes. Returns the
/// position after the SID.
#[inline]
pub(crate) fn sid_into(buf: &mut [u8], n: usize, sid: &Sid) -> usize {
    use crate::out::{put, put_byte, put_hex, put_u32};
    let w: &mut [u8; SID_ROOM] = (&mut buf[n..n + SID_ROOM]).try_into().expect("room");
    const M: usize = 255;
    let mut at = if sid.revision == 1 {
        put(w, 0, b"S-1-")
    } else {
        let at = put(w, 0, b"S-");
        let at = put_u32(w, at, sid.revision as u32);
        put_byte(w, at & M, b'-')
    };
    at = if sid.authority >= 1 << 32 {
        let at = put(w, at & M, b"0x");
        put_hex(w, at & M, sid.authority, true)
    } else {
        put_u32(w, at & M, sid.authority as u32)
    };
    for &s in sid.sub_authorities() {
        at = put_byte(w, at & M, b'-');
        at = put_u32(w, at & M, s);
    }
    n + at
}

/// A SID as written in SDDL: resolved, or a domain-relative alias kept symbolic because no
/// domain SID was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SidRef {
    Sid(Sid),
    /// A domain-relative alias (`DA`, `LA`, ...) with no domain SID to resolve it against.
    Unresolved(&'static Alias),
}

impl SidRef {
    /// The SID, when it is known.
    pub fn sid(&self) -> Option<&Sid> {
        match self {
            SidRef::Sid(s) => Some(s),
            SidRef::Unresolved(_) => None,
        }
    }

    /// Resolves against `domain` when it is a symbolic domain alias.
    pub fn resolve(&self, domain: Option<&Sid>) -> Option<Sid> {
        match self {
            SidRef::Sid(s) => Some(*s),
            SidRef::Unresolved(a) => match (a.target, domain) {
                (AliasTarget::DomainRelative(rid), Some(d)) => d.with_rid(rid),
                _ => None,
            },
        }
    }
}

impl PartialEq for Alias {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}
impl Eq for Alias {}
impl std::hash::Hash for Alias {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_letter_lookups_agree_with_the_code_tables_for_every_pair_of_bytes() {
        use crate::model::{ace_flags, AceType};
        // The obvious lookup: the code spelled by the two bytes, in either case, in a list.
        fn find<T: Copy>(list: &[(&str, T)], a: u8, b: u8) -> Option<T> {
            list.iter()
                .find(|(code, _)| code.as_bytes().eq_ignore_ascii_case(&[a, b]))
                .map(|&(_, v)| v)
        }
        let aliases: Vec<(&str, &'static Alias)> =
            ALIAS_TABLE.iter().map(|a| (a.code, a)).collect();
        let types: Vec<(&str, AceType)> = (0..=255u8)
            .map(AceType::from_code)
            .filter_map(|t| Some((t.sddl()?, t)))
            .filter(|(code, _)| code.len() == 2)
            .collect();
        let flags: Vec<(&str, u8)> = ace_flags::SDDL
            .iter()
            .chain(ace_flags::SDDL_INPUT_ONLY)
            .copied()
            .collect();
        assert!(!aliases.is_empty() && !types.is_empty() && !flags.is_empty());
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(
                    alias_by_letters(a, b).map(|x| x.code),
                    find(&aliases, a, b).map(|x| x.code),
                    "alias {a} {b}"
                );
                assert_eq!(
                    crate::rights::right_letters(a, b),
                    find(crate::rights::RIGHT_CODES, a, b),
                    "right {a} {b}"
                );
                assert_eq!(
                    AceType::from_letters(a, b),
                    find(&types, a, b),
                    "type {a} {b}"
                );
                assert_eq!(
                    crate::parse::ace_flag_bit(a, b),
                    find(&flags, a, b),
                    "flag {a} {b}"
                );
            }
        }
    }

    #[test]
    fn display_matches_windows() {
        assert_eq!(Sid::from_parts(5, &[32, 544]).to_string(), "S-1-5-32-544");
        assert_eq!(
            Sid::new(1, 0x12A05F200, &[30, 40]).unwrap().to_string(),
            "S-1-0x12A05F200-30-40"
        );
        assert_eq!(Sid::from_parts(5, &[]).to_string(), "S-1-5");
    }

    #[test]
    fn aliases_are_unique_and_two_letters() {
        for (i, a) in ALIASES.iter().enumerate() {
            assert_eq!(a.code.len(), 2);
            assert!(
                ALIASES[i + 1..].iter().all(|b| b.code != a.code),
                "{}",
                a.code
            );
        }
    }

    #[test]
    fn write_sid_matches_display() {
        // Extremes (revision, 48-bit authority, 15 sub-authorities of 2^32 - 1) and a spread
        // of pseudo-random SIDs.
        let mut sids = vec![
            Sid::new(255, MAX_AUTHORITY, &[u32::MAX; MAX_SUB_AUTHORITIES]).unwrap(),
            Sid::new(0, 0, &[]).unwrap(),
            Sid::new(1, 1 << 32, &[0; MAX_SUB_AUTHORITIES]).unwrap(),
            Sid::from_parts(
                5,
                &[21, 99_999_999, 100_000_000, 999_999_999, 1_000_000_000],
            ),
        ];
        let mut x: u64 = 0x0123_4567_89ab_cdef;
        for i in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let subs: Vec<u32> = (0..(x % 16) as usize)
                .map(|k| (x.rotate_left(k as u32 * 7) >> (k % 4 * 8)) as u32)
                .collect();
            let rev = if i % 7 == 0 { (x >> 56) as u8 } else { 1 };
            sids.push(Sid::new(rev, (x >> 16) & MAX_AUTHORITY >> (i % 48), &subs).unwrap());
        }
        for s in sids {
            let mut out = String::new();
            write_sid(&mut out, &s);
            assert_eq!(out, s.to_string());
        }
    }

    #[test]
    fn alias_hints_agree_with_the_lookup() {
        let dom = Sid::from_parts(5, &[21, 4, 5, 6]);
        let mut hinted = 0;
        for (i, a) in ALIASES.iter().enumerate() {
            if let AliasTarget::WellKnown(s) = a.target {
                assert_eq!(s.alias as usize, i + 1, "{}", a.code);
                hinted += 1;
                // The hint names what the lookup finds, with or without a domain.
                for d in [None, Some(&dom)] {
                    assert_eq!(
                        alias_for_sid(&s, d).map(|f| f.code),
                        alias_lookup(&s, d).map(|f| f.code)
                    );
                    assert_eq!(alias_for_sid(&s, d).map(|f| f.code), Some(a.code));
                }
                // Equal to the same SID built without the hint; a changed copy drops it.
                let plain = Sid::new(s.revision, s.authority, s.sub_authorities()).unwrap();
                assert_eq!(plain.alias, 0);
                assert_eq!(plain, s);
                assert_eq!(plain.cmp(&s), std::cmp::Ordering::Equal);
                use std::hash::{BuildHasher, RandomState};
                let rs = RandomState::new();
                assert_eq!(rs.hash_one(plain), rs.hash_one(s));
                if let Some(w) = s.with_rid(7) {
                    assert_eq!(w.alias, 0);
                }
            }
        }
        assert_eq!(hinted, 49);
    }

    #[test]
    fn every_alias_is_found_from_its_sid() {
        let dom = Sid::from_parts(5, &[21, 4, 5, 6]);
        for a in ALIASES {
            let sid = match a.target {
                AliasTarget::WellKnown(s) => s,
                AliasTarget::DomainRelative(rid) => dom.with_rid(rid).unwrap(),
            };
            assert_eq!(
                alias_for_sid(&sid, Some(&dom)).map(|f| f.code),
                Some(a.code)
            );
            assert_eq!(
                alias_by_code(&a.code.to_lowercase()).map(|f| f.code),
                Some(a.code)
            );
        }
        // Near misses are not aliases.
        assert!(alias_for_sid(&Sid::from_parts(5, &[32, 999]), Some(&dom)).is_none());
        assert!(alias_for_sid(&Sid::from_parts(5, &[33, 544]), Some(&dom)).is_none());
    }

    #[test]
    fn alias_lookup_both_ways() {
        let ba = alias_by_code("ba").unwrap();
        let AliasTarget::WellKnown(sid) = ba.target else {
            panic!("BA is well known")
        };
        assert_eq!(alias_for_sid(&sid, None).unwrap().code, "BA");
        let dom = Sid::from_parts(5, &[21, 1, 2, 3]);
        let la = dom.with_rid(500).unwrap();
        assert_eq!(alias_for_sid(&la, Some(&dom)).unwrap().code, "LA");
        assert!(alias_for_sid(&la, None).is_none());
        let other = Sid::from_parts(5, &[21, 9, 2, 3, 500]);
        assert!(alias_for_sid(&other, Some(&dom)).is_none());
    }
}
