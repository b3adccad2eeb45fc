//! Exports of a parsed record to the formats other tools read: pure conversions of the workspace
//! to text (no printing, no files; the command line writes them).

pub mod akn;
