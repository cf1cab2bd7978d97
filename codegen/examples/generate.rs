//! Generates Rust from the specs named on the command line and prints it to stdout;
//! diagnostics go to stderr. `cargo run -p typewright --example generate -- spec/`
//! (a stand-in until the `typewright` CLI exists). `--lenient` reports spec defects as
//! warnings.

fn main() {
    let mut config = typewright::Config::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--lenient" {
            config.lenient(true);
        } else {
            config.spec(arg);
        }
    }
    match config.generate() {
        Ok(generated) => {
            eprint!("{}", generated.rendered_warnings);
            print!("{}", generated.code);
        }
        Err(failure) => {
            eprint!("{failure}");
            std::process::exit(1);
        }
    }
}
