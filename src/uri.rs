//! File paths as URIs (RFC 3986), as SARIF and the language server exchange them:
//! every byte but letters, digits and `-._~/` percent-encoded.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A path's text with every byte a URI path may not hold as it is percent-encoded.
pub(crate) fn encoded(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            write!(uri, "%{byte:02X}").expect("writing to a String");
        }
    }
    uri
}

/// The `file://` URI of an absolute path.
pub(crate) fn of_file(path: &Path) -> String {
    format!("file://{}", encoded(&path.to_string_lossy()))
}

/// The path a `file://` URI names, if it names one.
pub(crate) fn to_file(uri: &str) -> Option<PathBuf> {
    let path = uri.strip_prefix("file://")?;
    // `file://host/path` names a path on another host; `file:///path` this one's.
    let path = path.strip_prefix("localhost").unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{encoded, of_file, to_file};

    #[test]
    fn a_path_goes_to_a_uri_and_back() {
        assert_eq!(encoded("plans/a plan,1.cmi"), "plans/a%20plan%2C1.cmi");
        let path = Path::new("/srv/plans/é 100%.cmi");
        let uri = of_file(path);
        assert_eq!(uri, "file:///srv/plans/%C3%A9%20100%25.cmi");
        assert_eq!(to_file(&uri).as_deref(), Some(path));
        assert_eq!(
            to_file("file://localhost/a.cmi").as_deref(),
            Some(Path::new("/a.cmi"))
        );
        assert_eq!(to_file("untitled:Untitled-1"), None);
        assert_eq!(to_file("file://server/share/a.cmi"), None);
    }
}
