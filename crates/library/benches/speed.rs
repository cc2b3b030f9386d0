//! `cargo bench -p drill-library`: prints the speed figures (see `drill_library::bench`).

fn main() {
    let mut out = std::io::stdout();
    if let Err(message) = drill_library::bench::run(1000, 100_000, &mut out) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
