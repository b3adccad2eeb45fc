//! Writing a user's file whole or not at all (a baseline, a record mended by `--fix`): a
//! temporary file beside it, renamed over it, with the permissions of the file it replaces.

use std::path::Path;

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Writes a file whole or not at all: a temporary file beside it, renamed over it.
pub(super) fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::NamedTempFile::new_in(folder).map_err(|e| format!("{}: {e}", path.display()))?;
    temporary
        .write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // Keep the permissions of the file replaced; a new one gets the usual rw-r--r--, not the
    // temporary file's owner-only mode.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(p) = permissions {
        let _ = std::fs::set_permissions(temporary.path(), p);
    }
    temporary
        .persist(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}
