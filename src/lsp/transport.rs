//! The base protocol of the language server: messages framed by a `Content-Length`
//! header, read with limits, so that no input can make the server hang on a header
//! that never ends or allocate what a Content-Length claims.

use std::io::{self, BufRead, Write};

use lsp_server::Message;

/// The longest header line read, in bytes.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// The most header lines a message may have.
const MAX_HEADERS: usize = 32;

/// The largest message body read, in bytes: a plan of 10 MB and its JSON escapes fit.
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;

/// What reading the next message found.
#[derive(Debug)]
pub(crate) enum Read {
    Message(Message),
    /// A message that was framed but could not be used, and why; the next one can be
    /// read.
    Skipped(String),
    /// The end of the input.
    End,
}

/// Reads the next message. An error means the stream can no longer be read as
/// messages (its framing is broken), and the server stops.
pub(crate) fn read(input: &mut impl BufRead) -> io::Result<Read> {
    let mut length = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let read =
            io::Read::take(&mut *input, MAX_HEADER_LINE as u64 + 1).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(Read::End);
        }
        if line.len() > MAX_HEADER_LINE || !line.ends_with(b"\n") {
            return Err(broken("a header line is longer than 8 KiB or never ends"));
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if headers == 0 {
                // Blank lines between messages are tolerated.
                continue;
            }
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Err(broken("a message has more than 32 header lines"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(broken(&format!(
                "`{}` is not a header",
                crate::visible::line(line)
            )));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim().parse::<usize>().map_err(|_| {
                broken(&format!(
                    "`{}` is not a Content-Length",
                    crate::visible::line(value.trim())
                ))
            })?;
            length = Some(value);
        }
    }
    let Some(length) = length else {
        return Err(broken("a message has no Content-Length"));
    };
    if length > MAX_BODY {
        // Read past it, a buffer at a time, so that the next message can be read.
        let skipped = io::copy(
            &mut io::Read::take(&mut *input, length as u64),
            &mut io::sink(),
        )?;
        if skipped < length as u64 {
            return Ok(Read::End);
        }
        return Ok(Read::Skipped(format!(
            "a message of {length} bytes, more than the {MAX_BODY} the server reads"
        )));
    }
    let mut body = vec![0; length];
    if let Err(e) = input.read_exact(&mut body) {
        return match e.kind() {
            io::ErrorKind::UnexpectedEof => Ok(Read::End),
            _ => Err(e),
        };
    }
    Ok(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Read::Message(message),
        Err(e) => Read::Skipped(format!("a message that is not JSON-RPC: {e}")),
    })
}

/// Writes a message.
pub(crate) fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)?;
    output.flush()
}

fn broken(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{Read, read};

    fn all(input: &[u8]) -> Vec<String> {
        let mut input = input;
        let mut out = Vec::new();
        loop {
            match read(&mut input) {
                Ok(Read::End) => return out,
                Ok(Read::Message(m)) => out.push(format!("message {m:?}")),
                Ok(Read::Skipped(why)) => out.push(format!("skipped {why}")),
                Err(e) => {
                    out.push(format!("broken {e}"));
                    return out;
                }
            }
        }
    }

    #[test]
    fn reads_framed_messages_and_skips_what_it_cannot_use() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        // A message, a body that is not JSON, one too long to read (skipped whole),
        // then the message after it.
        let big = format!(
            "Content-Length: {}\r\n\r\n{}",
            super::MAX_BODY + 1,
            " ".repeat(super::MAX_BODY + 1)
        );
        let input = format!(
            "Content-Length: {}\r\n\r\n{exit}Content-Length: 3\r\n\r\n{{x}}{big}\r\nContent-Length: {}\r\n\r\n{exit}",
            exit.len(),
            exit.len()
        );
        let read = all(input.as_bytes());
        assert_eq!(read.len(), 4, "{read:?}");
        assert!(read[0].starts_with("message Notification"), "{read:?}");
        assert!(
            read[1].starts_with("skipped a message that is not JSON-RPC"),
            "{read:?}"
        );
        assert_eq!(
            read[2],
            "skipped a message of 67108865 bytes, more than the 67108864 the server reads"
        );
        assert!(read[3].starts_with("message Notification"), "{read:?}");
        // A Content-Length the input never gives is its end.
        assert_eq!(
            all(b"Content-Length: 99999999999\r\n\r\nshort"),
            Vec::<String>::new()
        );
        assert_eq!(
            all(b"Content-Type: x\r\n\r\n{}"),
            ["broken a message has no Content-Length"]
        );
        assert_eq!(
            all(b"Content-Length: -1\r\n\r\n"),
            ["broken `-1` is not a Content-Length"]
        );
        let long = format!("X-{}: y\r\n", "a".repeat(10_000));
        assert_eq!(
            all(long.as_bytes()),
            ["broken a header line is longer than 8 KiB or never ends"]
        );
        assert_eq!(all(b""), Vec::<String>::new());
    }
}
