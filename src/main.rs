//! The `rapporteur` binary: hands the command line to `cli`.

/// jemalloc rather than the system allocator: a check allocates and frees many short-lived
/// buffers of a record's size from two threads, where glibc's arenas spent a tenth of the time.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(rapporteur::cli::main());
}
