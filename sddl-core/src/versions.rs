//! Which Windows version first reads each SDDL token: the data behind `--min-windows`.
//!
//! `ConvertStringSecurityDescriptorToSecurityDescriptor` on an older Windows rejects a SID alias
//! or ACE type string it does not know, so a descriptor written for Windows 10 may not load on
//! Windows 7. [`NEWER_TOKENS`] lists the tokens Microsoft's documentation marks as "not
//! available" on older versions, with the first version that has them and where that fact comes
//! from. Tokens the documentation gives no version for are left out rather than guessed (see
//! [`NEWER_TOKENS`]).

use crate::model::AceType;
use std::fmt;
use std::str::FromStr;

/// A Windows release, client and server of the same kernel together, in release order. Windows
/// Vista / Server 2008 is the oldest: every token Windows Server 2003 lacked is in Vista.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WindowsVersion {
    /// Windows Vista and Windows Server 2008 (NT 6.0).
    Vista,
    /// Windows 7 and Windows Server 2008 R2 (NT 6.1).
    Win7,
    /// Windows 8 and Windows Server 2012 (NT 6.2).
    Win8,
    /// Windows 8.1 and Windows Server 2012 R2 (NT 6.3).
    Win81,
    /// Windows 10 and Windows Server 2016 (NT 10.0).
    Win10,
    /// Windows Server 2019 (Windows 10 version 1809, build 17763).
    Server2019,
    /// Windows Server 2022 (build 20348).
    Server2022,
    /// Windows 11 (build 22000 and later).
    Win11,
}

impl WindowsVersion {
    /// Every version, oldest first.
    pub const ALL: [WindowsVersion; 8] = [
        WindowsVersion::Vista,
        WindowsVersion::Win7,
        WindowsVersion::Win8,
        WindowsVersion::Win81,
        WindowsVersion::Win10,
        WindowsVersion::Server2019,
        WindowsVersion::Server2022,
        WindowsVersion::Win11,
    ];

    /// The spellings [`WindowsVersion::parse`] accepts (after dropping a `windows`/`win` and a
    /// `server` prefix, case, spaces, `-` and `_`), for error messages and help.
    pub const ACCEPTED: &'static str =
        "vista, 2008, 7, 2008r2, 8, 2012, 8.1, 2012r2, 10, 2016, 2019, 2022, 11";

    /// The name to show: `Windows 7 / Server 2008 R2`.
    pub fn name(self) -> &'static str {
        match self {
            WindowsVersion::Vista => "Windows Vista / Server 2008",
            WindowsVersion::Win7 => "Windows 7 / Server 2008 R2",
            WindowsVersion::Win8 => "Windows 8 / Server 2012",
            WindowsVersion::Win81 => "Windows 8.1 / Server 2012 R2",
            WindowsVersion::Win10 => "Windows 10 / Server 2016",
            WindowsVersion::Server2019 => "Windows Server 2019",
            WindowsVersion::Server2022 => "Windows Server 2022",
            WindowsVersion::Win11 => "Windows 11",
        }
    }

    /// Parses a version as people write it: `7`, `Windows 7`, `win7`, `2008r2`,
    /// `Server 2012 R2`, `8.1`, `vista`, `2016`, `11`. Case, spaces, `-` and `_` do not matter.
    pub fn parse(text: &str) -> Option<WindowsVersion> {
        let mut s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        for prefix in ["windows", "win"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_string();
                break;
            }
        }
        if let Some(rest) = s.strip_prefix("server") {
            s = rest.to_string();
        }
        Some(match s.as_str() {
            "vista" | "2008" => WindowsVersion::Vista,
            "7" | "2008r2" => WindowsVersion::Win7,
            "8" | "2012" => WindowsVersion::Win8,
            "8.1" | "81" | "2012r2" => WindowsVersion::Win81,
            "10" | "2016" => WindowsVersion::Win10,
            "2019" => WindowsVersion::Server2019,
            "2022" => WindowsVersion::Server2022,
            "11" => WindowsVersion::Win11,
            _ => return None,
        })
    }
}

impl fmt::Display for WindowsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for WindowsVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<WindowsVersion, String> {
        WindowsVersion::parse(s).ok_or_else(|| {
            format!(
                "unknown Windows version `{s}`; expected one of {}",
                WindowsVersion::ACCEPTED
            )
        })
    }
}

/// What kind of SDDL token a row of [`NEWER_TOKENS`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A two-letter SID alias (`AC`), as an owner, group or trustee.
    SidAlias,
    /// An ACE type string (`XA`).
    AceType,
}

/// One SDDL token older Windows versions do not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewerToken {
    pub kind: TokenKind,
    /// As written in SDDL (upper case).
    pub code: &'static str,
    /// The first version that reads it.
    pub since: WindowsVersion,
    /// Where that fact comes from.
    pub source: &'static str,
}

/// learn.microsoft.com, "SID Strings" (sddl.h constants; each newer alias carries a
/// "**Windows ...:** Not available." note naming the versions without it).
pub const SID_STRINGS: &str = "https://learn.microsoft.com/windows/win32/secauthz/sid-strings";

/// learn.microsoft.com, "ACE Strings" (the `ace_type` table carries the same notes).
pub const ACE_STRINGS: &str = "https://learn.microsoft.com/windows/win32/secauthz/ace-strings";

const fn alias(code: &'static str, since: WindowsVersion) -> NewerToken {
    NewerToken {
        kind: TokenKind::SidAlias,
        code,
        since,
        source: SID_STRINGS,
    }
}

const fn ace(code: &'static str, since: WindowsVersion) -> NewerToken {
    NewerToken {
        kind: TokenKind::AceType,
        code,
        since,
        source: ACE_STRINGS,
    }
}

/// The SDDL tokens that Windows Vista / Server 2008 or a later version does not read, with the
/// first version that does. `since` is the version after the last one a "Not available" note
/// names. Each row's comment quotes the versions the note lists.
///
/// Left out, because no source gives a version:
/// - ACE types `TL` (process trust label) and `FL` (access filter): "ACE Strings" does not list
///   them, and their `SYSTEM_*_ACE` pages give no version.
/// - Aliases `MS` (RDS Management Servers), `AS` (authentication authority asserted identity),
///   `RM`: "SID Strings" has no `MS` or `AS` row, and its `RM` row says "RMS Service. Available
///   only in Windows Vista", which does not match the Remote Management Users alias Windows
///   parses today.
/// - Rights strings and ACE flags: neither page marks any as newer.
/// - Tokens whose note names Windows Server 2003 only (`ML`, `LW`, `ME`, `HI`, `SI`, `OW`, `WR`,
///   `IS`, `CY`): every version from Vista on reads them.
pub static NEWER_TOKENS: &[NewerToken] = &[
    // SID Strings, "AA": Not available on Windows Server 2008 R2, 7, 2008, Vista, 2003.
    alias("AA", WindowsVersion::Win8),
    // "AC": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("AC", WindowsVersion::Win8),
    // "AP" (Protected Users): not available on 2012, 8, 2008 R2, 7, 2008, Vista, 2003.
    alias("AP", WindowsVersion::Win81),
    // "CD": not available on 2008, Vista, 2003.
    alias("CD", WindowsVersion::Win7),
    // "CN": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("CN", WindowsVersion::Win8),
    // "EK": not available on 2012 R2, 8.1, 2012, 8, 2008 R2, 7, 2008, Vista, 2003.
    alias("EK", WindowsVersion::Win10),
    // "ER": not available on 2008, Vista, 2003.
    alias("ER", WindowsVersion::Win7),
    // "ES": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("ES", WindowsVersion::Win8),
    // "HA": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("HA", WindowsVersion::Win8),
    // "KA": not available on 2012 R2, 8.1, 2012, 8, 2008 R2, 7, 2008, Vista, 2003.
    alias("KA", WindowsVersion::Win10),
    // "MP": not available on 2008, Vista, 2003.
    alias("MP", WindowsVersion::Win7),
    // "RA" (RDS Remote Access Servers): not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("RA", WindowsVersion::Win8),
    // "RO": not available on 2008, Vista, 2003.
    alias("RO", WindowsVersion::Win7),
    // "SS": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("SS", WindowsVersion::Win8),
    // "UD": not available on 2008 R2, 7, 2008, Vista, 2003.
    alias("UD", WindowsVersion::Win8),
    // ACE Strings, "XA" and "XD": not available on Windows Server 2008, Vista, 2003 (the current
    // page; an older revision named Vista and 2003 only, which left Server 2008, the same
    // release as Vista, ambiguous).
    ace("XA", WindowsVersion::Win7),
    ace("XD", WindowsVersion::Win7),
    // "RA" (resource attribute), "SP" (scoped policy ID), "XU" (callback audit), "ZA" (callback
    // object allow): not available on 2008 R2, 7, 2008, Vista, 2003.
    ace("RA", WindowsVersion::Win8),
    ace("SP", WindowsVersion::Win8),
    ace("XU", WindowsVersion::Win8),
    ace("ZA", WindowsVersion::Win8),
];

fn find(kind: TokenKind, code: &str) -> Option<&'static NewerToken> {
    NEWER_TOKENS
        .iter()
        .find(|t| t.kind == kind && t.code.eq_ignore_ascii_case(code))
}

/// The row of a SID alias (`AC`, case-insensitive) that older versions do not read.
pub fn alias_since(code: &str) -> Option<&'static NewerToken> {
    find(TokenKind::SidAlias, code)
}

/// The row of an ACE type that older versions do not read.
pub fn ace_type_since(t: AceType) -> Option<&'static NewerToken> {
    find(TokenKind::AceType, t.sddl()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_as_written() {
        use WindowsVersion::*;
        for (text, want) in [
            ("vista", Vista),
            ("Windows Vista", Vista),
            ("2008", Vista),
            ("7", Win7),
            ("win7", Win7),
            ("Windows 7", Win7),
            ("2008r2", Win7),
            ("Windows Server 2008 R2", Win7),
            ("2008-R2", Win7),
            ("8", Win8),
            ("2012", Win8),
            ("8.1", Win81),
            ("2012r2", Win81),
            ("Server 2012 R2", Win81),
            ("10", Win10),
            ("2016", Win10),
            ("Windows Server 2016", Win10),
            ("2019", Server2019),
            ("2022", Server2022),
            ("11", Win11),
            ("WINDOWS_11", Win11),
        ] {
            assert_eq!(WindowsVersion::parse(text), Some(want), "{text}");
        }
        for bad in ["", "xp", "2003", "9", "12", "7.1", "windows", "server"] {
            assert_eq!(WindowsVersion::parse(bad), None, "{bad}");
        }
        let e = "xp".parse::<WindowsVersion>().unwrap_err();
        assert!(e.contains("`xp`") && e.contains("2012r2"), "{e}");
    }

    #[test]
    fn versions_are_ordered_by_release() {
        let mut sorted = WindowsVersion::ALL;
        sorted.sort();
        assert_eq!(sorted, WindowsVersion::ALL);
        assert!(WindowsVersion::Win7 < WindowsVersion::Win8);
        assert!(WindowsVersion::Win10 < WindowsVersion::Server2019);
        // Every accepted spelling parses, and every version has one.
        let parsed: Vec<WindowsVersion> = WindowsVersion::ACCEPTED
            .split(", ")
            .map(|s| WindowsVersion::parse(s).unwrap())
            .collect();
        for v in WindowsVersion::ALL {
            assert!(parsed.contains(&v), "{v}");
            assert_eq!(v.to_string(), v.name());
        }
    }

    #[test]
    fn table_rows_name_real_tokens() {
        for t in NEWER_TOKENS {
            assert!(t.since > WindowsVersion::Vista, "{}", t.code);
            assert!(t.source.starts_with("https://learn.microsoft.com/"));
            match t.kind {
                TokenKind::SidAlias => {
                    assert!(crate::sid::alias_by_code(t.code).is_some(), "{}", t.code)
                }
                TokenKind::AceType => assert!(
                    (0..=0x15u8).any(|b| AceType::from_code(b).sddl() == Some(t.code)),
                    "{}",
                    t.code
                ),
            }
            let same = NEWER_TOKENS
                .iter()
                .filter(|o| o.kind == t.kind && o.code == t.code)
                .count();
            assert_eq!(same, 1, "{} listed twice", t.code);
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(alias_since("ac").unwrap().since, WindowsVersion::Win8);
        assert_eq!(alias_since("AP").unwrap().since, WindowsVersion::Win81);
        assert_eq!(alias_since("KA").unwrap().since, WindowsVersion::Win10);
        assert!(alias_since("BA").is_none());
        // `RA` is both an alias and an ACE type: each has its own row.
        assert_eq!(alias_since("RA").unwrap().kind, TokenKind::SidAlias);
        assert_eq!(
            ace_type_since(AceType::AccessAllowedCallback)
                .unwrap()
                .since,
            WindowsVersion::Win7
        );
        assert_eq!(
            ace_type_since(AceType::SystemResourceAttribute)
                .unwrap()
                .since,
            WindowsVersion::Win8
        );
        assert!(ace_type_since(AceType::AccessAllowed).is_none());
        assert!(ace_type_since(AceType::SystemMandatoryLabel).is_none());
        // Left out: no source gives a version.
        assert!(ace_type_since(AceType::SystemProcessTrustLabel).is_none());
        assert!(ace_type_since(AceType::SystemAccessFilter).is_none());
    }
}
