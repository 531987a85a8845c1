//! Reading a file that must lie inside a folder (a plan's tree for a `use`d file, its
//! own folder for a configuration, the rules folder for a rule file), so that what is
//! read lies there whatever the folders and links on the way are changed into
//! meanwhile: the file is opened relative to a handle on the folder, through no link
//! that leaves it (`openat2` with `RESOLVE_BENEATH` where the kernel has it, a walk
//! one component at a time elsewhere: cap-std), without waiting on a FIFO, and read
//! only if it is a regular file, and no further than a limit.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use cap_fs_ext::{FollowSymlinks, OpenOptionsFollowExt, OpenOptionsSyncExt};
use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions};

/// Why a file inside a folder is not read.
#[derive(Debug)]
pub(crate) enum Refused {
    /// There is no such file.
    Missing(io::Error),
    /// Its path, or a link on the way, leads outside the folder.
    Outside,
    /// It is a symbolic link, where only a regular file is read.
    Link,
    /// It is a folder.
    Folder,
    /// It is neither a regular file nor a folder: a FIFO, a device, a socket.
    NotRegular,
    /// It is longer than the limit.
    TooLarge,
    /// The system's reason.
    Unreadable(io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing(error) | Refused::Unreadable(error) => error.fmt(f),
            Refused::Outside => f.write_str("it lies outside its folder"),
            Refused::Link => f.write_str("it is a symbolic link, not a regular file"),
            Refused::Folder => f.write_str("it is a folder"),
            Refused::NotRegular => f.write_str("it is not a regular file"),
            Refused::TooLarge => f.write_str("it is longer than the limit"),
        }
    }
}

/// Whether a link on the way may be followed (when it stays inside the folder).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    Followed,
    Refused,
}

/// The canonical path of the file at `path`, checked to be a regular file inside
/// `folder` (itself canonical), but not yet opened: [`read`] opens it.
pub(crate) fn locate(folder: &Path, path: &Path, links: Links) -> Result<PathBuf, Refused> {
    if links == Links::Refused
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(Refused::Link);
    }
    let canonical = path.canonicalize().map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Refused::Missing(e),
        _ => Refused::Unreadable(e),
    })?;
    if !canonical.starts_with(folder) {
        return Err(Refused::Outside);
    }
    let metadata = canonical.metadata().map_err(Refused::Unreadable)?;
    if metadata.is_dir() {
        return Err(Refused::Folder);
    }
    if !metadata.is_file() {
        return Err(Refused::NotRegular);
    }
    Ok(canonical)
}

/// Reads the file at `canonical`, found by [`locate`] inside `folder`, no further than
/// `limit` bytes; through a handle on `folder`, so that a folder or link changed since
/// [`locate`] cannot lead the read outside it.
pub(crate) fn read(
    folder: &Path,
    canonical: &Path,
    links: Links,
    limit: u64,
) -> Result<Vec<u8>, Refused> {
    let relative = canonical
        .strip_prefix(folder)
        .map_err(|_| Refused::Outside)?;
    let dir = Dir::open_ambient_dir(folder, ambient_authority()).map_err(Refused::Unreadable)?;
    let mut options = OpenOptions::new();
    options.read(true).nonblock(true);
    if links == Links::Refused {
        options.follow(FollowSymlinks::No);
    }
    let file = dir
        .open_with(relative, &options)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Refused::Missing(e),
            _ => Refused::Unreadable(e),
        })?;
    bounded(file.into_std(), limit)
}

/// Reads the regular file at `path` inside `folder` (canonical), not through a link, no
/// further than `limit` bytes: a file that cmilint reads of its own accord (a
/// configuration, a rule file). Why not, as a sentence without its subject's name:
/// `too_large` says what to do with a longer file, `only` what cmilint reads.
pub(crate) fn read_regular(
    folder: &Path,
    path: &Path,
    limit: u64,
    too_large: &str,
    only: &str,
) -> Result<Vec<u8>, String> {
    locate(folder, path, Links::Refused)
        .and_then(|canonical| read(folder, &canonical, Links::Refused, limit))
        .map_err(|refused| match refused {
            Refused::TooLarge => format!("it is longer than {limit} bytes; {too_large}"),
            Refused::Link | Refused::Outside | Refused::Folder | Refused::NotRegular => {
                format!("{refused}; cmilint reads {only}")
            }
            Refused::Missing(e) | Refused::Unreadable(e) => e.to_string(),
        })
}

/// The bytes of an open file, if it is a regular file no longer than `limit` bytes (a
/// file that grows while it is read is read no further).
pub(crate) fn bounded(file: std::fs::File, limit: u64) -> Result<Vec<u8>, Refused> {
    let metadata = file.metadata().map_err(Refused::Unreadable)?;
    if !metadata.is_file() {
        return Err(if metadata.is_dir() {
            Refused::Folder
        } else {
            Refused::NotRegular
        });
    }
    if metadata.len() > limit {
        return Err(Refused::TooLarge);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refused::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge);
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::symlink;

    use super::{Links, Refused, locate, read};

    #[test]
    fn a_folder_swapped_for_a_link_after_the_check_leads_nowhere_outside() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let root = root.path().canonicalize().unwrap();
        let (tree, outside) = (root.join("tree"), root.join("outside"));
        fs::create_dir_all(tree.join("common")).unwrap();
        fs::create_dir(&outside).unwrap();
        fs::write(tree.join("common/actors.cmi"), "inside").unwrap();
        fs::write(outside.join("actors.cmi"), "outside").unwrap();
        let found = locate(&tree, &tree.join("common/actors.cmi"), Links::Followed).unwrap();
        assert_eq!(
            read(&tree, &found, Links::Followed, 100).unwrap(),
            b"inside"
        );
        // Between the check and the read, the folder becomes a link out of the tree.
        fs::rename(tree.join("common"), tree.join("was-common")).unwrap();
        symlink(&outside, tree.join("common")).unwrap();
        let read = read(&tree, &found, Links::Followed, 100);
        assert!(
            matches!(read, Err(Refused::Unreadable(_))),
            "{:?}",
            read.map(String::from_utf8)
        );
    }

    #[test]
    fn a_file_longer_than_the_limit_is_not_read() {
        let tree = tempfile::tempdir().expect("a temporary folder");
        let tree = tree.path().canonicalize().unwrap();
        fs::write(tree.join("long.cmi"), "x".repeat(101)).unwrap();
        let found = locate(&tree, &tree.join("long.cmi"), Links::Refused).unwrap();
        assert!(matches!(
            read(&tree, &found, Links::Refused, 100),
            Err(Refused::TooLarge)
        ));
        assert_eq!(read(&tree, &found, Links::Refused, 101).unwrap().len(), 101);
    }
}
