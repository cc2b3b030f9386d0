//! `cargo bench -p drill-core`: prints the speed figures (see `drill_core::bench`).

fn main() {
    let mut out = std::io::stdout();
    if let Err(message) = drill_core::bench::run(1000, 100_000, &mut out) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
