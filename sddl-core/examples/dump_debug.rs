//! Development aid for byte-identity checks of parser and formatter changes: reads SDDL lines
//! on stdin and prints, for each, the `Debug` form of the parse result (descriptor with every
//! span, and errors) and the canonical text, without and with a domain SID (S-1-5-21-1-2-3).
//! Save its output before a change and `cmp` it after.
#![allow(clippy::print_stdout)]
use std::io::{BufRead, Write};
fn main() {
    let dom = sddl_core::Sid::new(1, 5, &[21, 1, 2, 3]);
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("utf-8 line");
        for d in [None, dom] {
            let p = sddl_core::parse(&line, &sddl_core::ParseOptions { domain_sid: d });
            let s = sddl_core::to_sddl(&p.sd, &sddl_core::FormatOptions { domain_sid: d });
            writeln!(out, "{:?}\n{}", p, s).expect("write");
        }
    }
}
