//! The `rapporteur` binary: hands the command line to `cli`.

fn main() {
    std::process::exit(rapporteur::cli::main());
}
