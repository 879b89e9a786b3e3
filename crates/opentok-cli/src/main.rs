//! The `opentok` command (filled by the CLI issue).

fn main() {
    eprintln!("opentok: not built yet; see issue 5");
    std::process::exit(2);
}
