//! Development aid: reads SDDL lines on stdin and prints `OK<TAB>canonical` or
//! `ERR<TAB>code<TAB>start-end<TAB>message` per line. `--domain-sid SID` as first arguments.
#![allow(clippy::print_stdout)]
use std::io::{BufRead, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut opts = sddl_core::ParseOptions::default();
    if args.len() >= 3 && args[1] == "--domain-sid" {
        let p = sddl_core::parse(&format!("O:{}", args[2]), &Default::default());
        opts.domain_sid = p.sd.owner.and_then(|o| o.sid.sid().copied());
    }
    let fopts = sddl_core::FormatOptions {
        domain_sid: opts.domain_sid,
    };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("utf-8 line");
        let p = sddl_core::parse(&line, &opts);
        match p.errors.first() {
            None => writeln!(out, "OK\t{}", sddl_core::to_sddl(&p.sd, &fopts)),
            Some(e) => writeln!(
                out,
                "ERR\t{}\t{}-{}\t{}",
                e.code, e.span.start, e.span.end, e.message
            ),
        }
        .expect("write");
    }
}
