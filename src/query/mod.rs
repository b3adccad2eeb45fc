//! Queries over the workspace that features and checks share, below both: what the name at an
//! offset stands for and where else it occurs ([`at`]), and the statements and records a name
//! leads to ([`statements`]). Pure; byte offsets in, spans out. How a summary's attribution links
//! to its statements is [`crate::linking`].

mod at;
mod statements;

pub use at::{InstrumentKey, Location, Target, entity_spans, occurrences, target_at};
pub use statements::{adopting_record, statements_of_speaker};
