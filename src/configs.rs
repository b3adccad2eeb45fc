//! Which `rapporteur.toml` governs each file: the nearest one in the file's folder or above,
//! stopping at the repository root, unless one file is forced (`--config`). The command line and
//! the server resolve a file's configuration through this one rule.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;

use crate::config::{CONFIG_FILE, Config};
use crate::knowledge::KnowledgeExtension;

/// A configuration and where it was found.
#[derive(Debug, Clone)]
pub struct Located {
    /// The `rapporteur.toml` read, or `None` for the defaults (no file found).
    pub file: Option<PathBuf>,
    /// The folder its globs are relative to: the file's folder, or for the defaults the folder
    /// the search started from.
    pub base: PathBuf,
    pub config: Config,
    /// The include and exclude globs, compiled once.
    include: GlobSet,
    exclude: GlobSet,
}

impl Located {
    pub fn new(file: Option<PathBuf>, base: PathBuf, config: Config) -> Located {
        Located {
            file,
            base,
            include: config.include_set(),
            exclude: config.exclude_set(),
            config,
        }
    }

    /// Whether a walk takes `path` as a candidate record: matched by the include globs and not
    /// by the exclude globs, both relative to [`Located::base`].
    pub fn includes(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.base).unwrap_or(path);
        self.include.is_match(rel) && !self.excludes(path)
    }

    /// The baseline file this configuration names, resolved against its folder.
    pub fn baseline(&self) -> Option<PathBuf> {
        let name = self.config.baseline.as_ref()?;
        let folder = self
            .file
            .as_ref()
            .and_then(|f| f.parent())
            .unwrap_or(&self.base);
        Some(folder.join(name))
    }

    pub fn excludes(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.base).unwrap_or(path);
        self.exclude.is_match(rel)
    }
}

/// Resolves and caches the configuration of each folder.
pub struct Configs {
    forced: Option<Arc<Located>>,
    /// Per folder searched (absolute), the configuration found for it.
    by_folder: Mutex<HashMap<PathBuf, Arc<Located>>>,
}

/// Whether a folder is a repository's root, where the search for a configuration stops.
fn is_repository_root(dir: &Path) -> bool {
    dir.join(".git").exists()
}

/// A path made absolute against the working folder (as given when that fails).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one configuration file.
pub fn read(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl Configs {
    /// The nearest-file rule, or `forced` for every file when given.
    pub fn new(forced: Option<&Path>) -> Result<Configs, String> {
        let mut configs = Configs::nearest();
        if let Some(path) = forced {
            configs.forced = Some(Arc::new(Located::new(
                Some(path.to_path_buf()),
                absolute(path.parent().unwrap_or(Path::new("."))),
                read(path)?,
            )));
        }
        Ok(configs)
    }

    /// The nearest-file rule with nothing forced.
    pub fn nearest() -> Configs {
        Configs {
            forced: None,
            by_folder: Mutex::new(HashMap::new()),
        }
    }

    /// The configuration governing a file or folder on disk.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Located>, String> {
        if let Some(forced) = &self.forced {
            return Ok(forced.clone());
        }
        let path = absolute(path);
        let folder = if path.is_dir() {
            path
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or(path)
        };
        self.for_folder(&folder)
    }

    fn for_folder(&self, folder: &Path) -> Result<Arc<Located>, String> {
        if let Some(found) = self.lock().get(folder) {
            return Ok(found.clone());
        }
        let candidate = folder.join(CONFIG_FILE);
        let defaults = || Arc::new(Located::new(None, folder.to_path_buf(), Config::default()));
        let found = if candidate.is_file() {
            Arc::new(Located::new(
                Some(candidate.clone()),
                folder.to_path_buf(),
                read(&candidate)?,
            ))
        } else {
            match folder.parent() {
                Some(parent) if !is_repository_root(folder) => {
                    let above = self.for_folder(parent)?;
                    if above.file.is_some() {
                        above
                    } else {
                        // The defaults' globs are relative to the folder searched from.
                        defaults()
                    }
                }
                _ => defaults(),
            }
        };
        self.lock().insert(folder.to_path_buf(), found.clone());
        Ok(found)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Located>>> {
        self.by_folder.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every configuration file resolved so far, each once.
    pub fn files(&self) -> Vec<Arc<Located>> {
        let mut found: Vec<Arc<Located>> = self.forced.iter().cloned().collect();
        found.extend(self.lock().values().filter(|l| l.file.is_some()).cloned());
        found.sort_by(|a, b| a.file.cmp(&b.file));
        found.dedup_by(|a, b| a.file == b.file);
        found
    }

    /// The knowledge of every configuration resolved so far, merged: one gazetteer serves the
    /// whole run, as it serves every folder of an editor's workspace.
    pub fn merged_knowledge(&self) -> KnowledgeExtension {
        merge_knowledge(self.files().iter().map(|l| &l.config.knowledge))
    }
}

/// Several configurations' knowledge as one extension (later aliases win).
pub fn merge_knowledge<'a>(
    extensions: impl IntoIterator<Item = &'a KnowledgeExtension>,
) -> KnowledgeExtension {
    let mut merged = KnowledgeExtension::default();
    for e in extensions {
        merged.country_aliases.extend(
            e.country_aliases
                .iter()
                .map(|(a, b)| (a.clone(), b.clone())),
        );
        merged.countries.extend(e.countries.iter().cloned());
        merged.instruments.extend(e.instruments.iter().cloned());
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckCode, Severity};

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn the_nearest_file_governs_and_the_search_stops_at_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // A configuration above the repository must not leak into it.
        write(
            &root.join(CONFIG_FILE),
            "[severity]\nname-variant = \"off\"\n",
        );
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        write(
            &root.join("repo/ga/rapporteur.toml"),
            "[severity]\nunknown-country = \"warning\"\n",
        );
        write(&root.join("repo/ga/77/r.txt"), "x");
        write(&root.join("repo/sc/r.txt"), "x");
        let configs = Configs::new(None).unwrap();

        let ga = configs.for_path(&root.join("repo/ga/77/r.txt")).unwrap();
        assert_eq!(ga.file, Some(root.join("repo/ga/rapporteur.toml")));
        assert_eq!(ga.base, root.join("repo/ga"));
        assert_eq!(
            ga.config.severity_of(CheckCode::UnknownCountry),
            Some(Severity::Warning)
        );

        let sc = configs.for_path(&root.join("repo/sc/r.txt")).unwrap();
        assert_eq!(sc.file, None);
        assert_eq!(
            sc.config.severity_of(CheckCode::NameVariant),
            Some(CheckCode::NameVariant.default_severity())
        );

        let outside = configs.for_path(&root.join("elsewhere.txt")).unwrap();
        assert_eq!(outside.file, Some(root.join(CONFIG_FILE)));
        assert_eq!(configs.files().len(), 2);
    }

    #[test]
    fn a_forced_file_governs_everything_and_bad_files_say_where() {
        let dir = tempfile::tempdir().unwrap();
        let forced = dir.path().join("ci.toml");
        write(&forced, "[severity]\nduplicate-paragraph = \"off\"\n");
        write(&dir.path().join("sub/rapporteur.toml"), "[severity]\n");
        let configs = Configs::new(Some(&forced)).unwrap();
        let got = configs.for_path(&dir.path().join("sub/r.txt")).unwrap();
        assert_eq!(got.file.as_deref(), Some(forced.as_path()));
        assert_eq!(got.config.severity_of(CheckCode::DuplicateParagraph), None);

        write(
            &dir.path().join("bad/rapporteur.toml"),
            "[severity]\nno-such = \"off\"\n",
        );
        let err = Configs::new(None)
            .unwrap()
            .for_path(&dir.path().join("bad/r.txt"))
            .unwrap_err();
        assert!(
            err.contains("bad/rapporteur.toml") && err.contains("no-such"),
            "{err}"
        );
    }
}
