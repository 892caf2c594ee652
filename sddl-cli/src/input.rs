//! Where inputs come from: command-line arguments, or stdin one SDDL string per line.
//!
//! Inputs are streamed: a command handles each one before the next line of stdin is read, so
//! `sddl` works as a filter over very large inputs and as a coprocess answering line by line.

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read};

/// Where one input came from, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The n-th SDDL argument (1-based).
    Arg(usize),
    /// Line n of stdin (1-based).
    Stdin(usize),
}

/// One input as bytes, without its line terminator.
#[derive(Debug)]
pub struct RawInput<'a> {
    pub origin: Origin,
    pub bytes: &'a [u8],
}

/// One input after the UTF-8 check: either text, or where the first invalid sequence sits.
#[derive(Debug)]
pub enum Decoded<'a> {
    Text(&'a str),
    /// Not UTF-8: the bytes decoded lossily (for display), and the byte range of the first
    /// invalid sequence in the original bytes.
    NotUtf8 {
        lossy: String,
        invalid: std::ops::Range<usize>,
    },
}

impl<'a> RawInput<'a> {
    pub fn decode(&self) -> Decoded<'a> {
        match std::str::from_utf8(self.bytes) {
            Ok(text) => Decoded::Text(text),
            Err(e) => {
                let start = e.valid_up_to();
                let end = match e.error_len() {
                    Some(n) => start + n,
                    None => self.bytes.len(),
                };
                Decoded::NotUtf8 {
                    lossy: String::from_utf8_lossy(self.bytes).into_owned(),
                    invalid: start..end,
                }
            }
        }
    }
}

/// What went wrong while reading inputs.
#[derive(Debug)]
pub enum InputError<E> {
    /// Reading stdin failed.
    Read(io::Error),
    /// The handler of one input failed; reading stops.
    Handler(E),
}

/// What a command does with its inputs.
pub trait InputHandler {
    type Error;

    /// Handles one input.
    fn input(&mut self, input: RawInput<'_>) -> Result<(), Self::Error>;

    /// Called before a read from stdin that may block: commands flush their output here, so that
    /// a program feeding `sddl` line by line gets each answer before it sends the next line.
    fn before_block(&mut self) -> Result<(), Self::Error>;
}

/// Feeds `handler` each input, in order: each argument, except that `-` (or no argument at all)
/// stands for every line of `stdin`. Lines end at `\n`; a `\r` before it is dropped too.
pub fn for_each_input<R: Read, H: InputHandler>(
    args: &[OsString],
    stdin: &mut BufReader<R>,
    handler: &mut H,
) -> Result<(), InputError<H::Error>> {
    if args.is_empty() {
        return for_each_line(stdin, handler);
    }
    for (i, arg) in args.iter().enumerate() {
        if arg == "-" {
            for_each_line(stdin, handler)?;
            continue;
        }
        let bytes = os_bytes(arg);
        handler
            .input(RawInput {
                origin: Origin::Arg(i + 1),
                bytes: &bytes,
            })
            .map_err(InputError::Handler)?;
    }
    Ok(())
}

fn for_each_line<R: Read, H: InputHandler>(
    stdin: &mut BufReader<R>,
    handler: &mut H,
) -> Result<(), InputError<H::Error>> {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if stdin.buffer().is_empty() {
            handler.before_block().map_err(InputError::Handler)?;
        }
        // `read_until` retries by itself when interrupted.
        let n = stdin
            .read_until(b'\n', &mut line)
            .map_err(InputError::Read)?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let mut bytes = line.as_slice();
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
        }
        handler
            .input(RawInput {
                origin: Origin::Stdin(number),
                bytes,
            })
            .map_err(InputError::Handler)?;
    }
}

#[cfg(unix)]
fn os_bytes(s: &OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &OsString) -> Vec<u8> {
    // Windows arguments are UTF-16; an unpaired surrogate becomes U+FFFD, which is then valid
    // UTF-8. Such an argument cannot be valid SDDL either way.
    s.to_string_lossy().into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what a command would see.
    #[derive(Default)]
    struct Recorder {
        events: Vec<String>,
    }

    impl InputHandler for Recorder {
        type Error = ();

        fn input(&mut self, input: RawInput<'_>) -> Result<(), ()> {
            let text = String::from_utf8_lossy(input.bytes);
            self.events.push(format!("{:?} {text:?}", input.origin));
            Ok(())
        }

        fn before_block(&mut self) -> Result<(), ()> {
            self.events.push("flush".into());
            Ok(())
        }
    }

    fn run(args: &[&str], stdin: &[u8]) -> Vec<String> {
        run_with_buffer(args, stdin, 4)
    }

    fn run_with_buffer(args: &[&str], stdin: &[u8], capacity: usize) -> Vec<String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let mut reader = BufReader::with_capacity(capacity, stdin);
        let mut rec = Recorder::default();
        for_each_input(&args, &mut reader, &mut rec).unwrap();
        rec.events
    }

    fn inputs(events: &[String]) -> Vec<&str> {
        events
            .iter()
            .map(String::as_str)
            .filter(|e| *e != "flush")
            .collect()
    }

    #[test]
    fn lines_lose_their_terminators_only() {
        let events = run(&[], b"a\r\nb\n\nc\rd\n e \nlast");
        assert_eq!(
            inputs(&events),
            [
                "Stdin(1) \"a\"",
                "Stdin(2) \"b\"",
                "Stdin(3) \"\"",
                "Stdin(4) \"c\\rd\"",
                "Stdin(5) \" e \"",
                "Stdin(6) \"last\"",
            ]
        );
    }

    #[test]
    fn a_final_newline_ends_the_last_line_rather_than_starting_one() {
        assert_eq!(inputs(&run(&[], b"a\n")), ["Stdin(1) \"a\""]);
        assert!(inputs(&run(&[], b"")).is_empty());
        assert_eq!(inputs(&run(&[], b"\n")), ["Stdin(1) \"\""]);
    }

    #[test]
    fn dash_stands_for_stdin_in_place() {
        let events = run(&["x", "-", "y"], b"1\n2\n");
        assert_eq!(
            inputs(&events),
            [
                "Arg(1) \"x\"",
                "Stdin(1) \"1\"",
                "Stdin(2) \"2\"",
                "Arg(3) \"y\""
            ]
        );
        // Arguments alone never touch stdin.
        assert_eq!(inputs(&run(&["x"], b"1\n")), ["Arg(1) \"x\""]);
    }

    #[test]
    fn flushes_before_each_read_that_may_block() {
        // Each read fills the 3-byte buffer with exactly one line, so the buffer is empty after
        // each line: a flush before every read.
        let events = run_with_buffer(&[], b"ab\ncd\n", 3);
        assert_eq!(
            events,
            [
                "flush",
                "Stdin(1) \"ab\"",
                "flush",
                "Stdin(2) \"cd\"",
                "flush"
            ]
        );
        // Lines already buffered are answered without a flush between them.
        let events = run_with_buffer(&[], b"ab\ncd\n", 64);
        assert_eq!(
            events,
            ["flush", "Stdin(1) \"ab\"", "Stdin(2) \"cd\"", "flush"]
        );
    }

    #[test]
    fn decode_finds_the_first_invalid_sequence() {
        let raw = RawInput {
            origin: Origin::Arg(1),
            bytes: b"O:\xe2\x82BA\xff",
        };
        match raw.decode() {
            Decoded::NotUtf8 { lossy, invalid } => {
                assert_eq!(invalid, 2..4);
                assert_eq!(lossy, "O:\u{FFFD}BA\u{FFFD}");
            }
            Decoded::Text(t) => panic!("decoded {t:?}"),
        }
        let truncated = RawInput {
            origin: Origin::Arg(1),
            bytes: b"O:\xe2\x82",
        };
        match truncated.decode() {
            Decoded::NotUtf8 { invalid, .. } => assert_eq!(invalid, 2..4),
            Decoded::Text(t) => panic!("decoded {t:?}"),
        }
    }
}
