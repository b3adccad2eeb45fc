//! `rapporteur export`: each record converted (`export::akn`) and written to `DIR/<stem>.xml`,
//! atomically, over the archive's two passes so that memory follows a batch, not the archive.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::archive::{self, Archive, FirstPass};
use super::atomic::write_atomically;
use crate::configs::Configs;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// Akoma Ntoso 3.0 (OASIS LegalDocML): one `<debate>` per record.
    Akn,
}

/// The file stem of a record's path ("fixtures/000_x.txt" → "000_x").
fn stem_of(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "record".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Exports every record under `paths` into `out_dir`; exit 1 when a record could not be
/// written (two records with one stem: the first in name order wins).
pub(super) fn run_export(
    paths: &[PathBuf],
    format: ExportFormat,
    out_dir: &Path,
    verbose: bool,
) -> Result<i32, String> {
    let ExportFormat::Akn = format;
    let configs = Configs::new(None)?;
    let mut archive = Archive::index(paths, &configs, FirstPass::Checks)?;
    super::report_walk(&archive, verbose)?;
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let stems: Vec<Option<String>> = (0..archive.ws.len().max(archive.ids.len()))
        .map(|id| archive.path_of(id).map(stem_of))
        .collect();
    let mut written: HashMap<String, String> = HashMap::new();
    let mut failed = false;
    archive.run(
        |_, id| vec![id],
        |ws, id| {
            let stem = stems.get(id).cloned().flatten().unwrap_or_default();
            let xml = crate::export::akn::debate(ws, id, &stem);
            (id, stem, xml)
        },
        |_| Vec::new(),
        |ws, batch| {
            for (id, stem, xml) in batch {
                let name = ws.facts(id).map(|f| f.name.clone()).unwrap_or_default();
                let Some(xml) = xml else { continue };
                let target = out_dir.join(format!("{stem}.xml"));
                if let Some(first) = written.get(&stem) {
                    eprintln!(
                        "rapporteur: {name}: not exported, {} is {first}'s",
                        archive::display_path(&target)
                    );
                    failed = true;
                    continue;
                }
                write_atomically(&target, &xml)?;
                written.insert(stem, name);
            }
            Ok(())
        },
    )?;
    for v in &archive.vanished {
        eprintln!("rapporteur: could not read again, not exported: {v}");
    }
    if verbose {
        eprintln!(
            "rapporteur: exported {} records to {}",
            written.len(),
            archive::display_path(out_dir)
        );
    }
    Ok(i32::from(failed))
}
