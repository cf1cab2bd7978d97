//! The `typewright` command: generate Rust from specs, check a committed copy, or list the
//! types a spec produces. Build scripts use the library instead (`typewright::Config`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "typewright",
    version,
    about = "Generate Rust types and serde impls from OpenAPI 3.0/3.1 and JSON Schema",
    long_about = "Generate Rust types and serde impls from OpenAPI 3.0/3.1 and JSON Schema \
documents (YAML or JSON).\n\nThe same generator runs from a build script through \
`typewright::Config`; this command is for looking at the output, for checking in generated \
code, and for CI.\n\nExit status: 0 on success, 1 when a spec has errors or `check` finds a \
difference, 2 for a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust and print it, or write it to a file or directory.
    #[command(
        long_about = "Generate Rust from the specs and print it to stdout, or write it with \
--output or --out-dir. A file is rewritten only when its content changes, so tools that \
watch modification times see no change when there is none.\n\nDiagnostics go to stderr, \
with colors on a terminal (set NO_COLOR to turn them off), followed by a summary line with \
counts and timing.",
        after_long_help = "EXAMPLES:\n    typewright generate spec/\n    typewright generate \
spec/pets.yaml --output src/generated.rs\n    typewright generate spec/ --out-dir target/gen \
--typed-formats"
    )]
    Generate {
        #[command(flatten)]
        specs: Specs,
        /// Write the code to this file instead of stdout.
        #[arg(short, long, conflicts_with = "out_dir")]
        output: Option<PathBuf>,
        /// Write the code to `typewright.rs` in this directory.
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
    /// Regenerate and compare with a checked-in copy; print a diff and fail if they differ.
    #[command(
        long_about = "Regenerate from the specs and compare with a checked-in copy of the \
output, for teams that commit generated code. Exits 0 when the copy is current; otherwise \
prints a unified diff (from the checked-in copy to what the specs produce now) and exits 1.",
        after_long_help = "EXAMPLE:\n    typewright check spec/ --against src/generated.rs"
    )]
    Check {
        #[command(flatten)]
        specs: Specs,
        /// The checked-in output to compare with.
        #[arg(long, value_name = "FILE")]
        against: PathBuf,
    },
    /// List every type the specs generate, with the spec location and JSON pointer.
    #[command(
        long_about = "List every type the specs generate, one per line: its Rust path, the \
`file:line:col` where its schema starts, and the schema's JSON pointer, separated by tabs.",
        after_long_help = "EXAMPLE:\n    typewright list spec/ | grep Token"
    )]
    List {
        #[command(flatten)]
        specs: Specs,
    },
    /// List the operations' tags as cargo features, to paste under `[features]`.
    #[command(
        long_about = "List every tag of the specs' operations as a line to paste under \
`[features]` in Cargo.toml: the feature that `Config::operation_tags_from_features` selects the \
tag by, and how many operations carry it. Tags that name the same feature share a line.",
        after_long_help = "EXAMPLE:\n    typewright tags spec/ >> features.toml"
    )]
    Tags {
        #[command(flatten)]
        specs: Specs,
    },
}

/// The inputs and settings every subcommand shares.
#[derive(Args)]
struct Specs {
    /// Spec files, or directories of *.yaml, *.yml and *.json files.
    #[arg(required = true, value_name = "SPEC")]
    paths: Vec<PathBuf>,
    /// Make every warning an error (spec defects that typewright works around by default:
    /// dangling references, invalid defaults, mismatched discriminators...).
    #[arg(long)]
    deny_warnings: bool,
    /// Keep unknown values of every enum in an extra `Unknown` variant.
    #[arg(long)]
    open_enums: bool,
    /// Map date-time, date, uuid, ipv4 and ipv6 to chrono, uuid and std::net types.
    #[arg(long)]
    typed_formats: bool,
    /// Check `format`s when a value is read (the generated crate enables the runtime's
    /// `formats` feature).
    #[arg(long)]
    check_formats: bool,
    /// Write the line and column each type and field came from into their docs.
    #[arg(long)]
    source_positions: bool,
    /// Generate named schemas only (`components/schemas`, `definitions`, `$defs`), not the
    /// inline request and response bodies of the operations under `paths`.
    #[arg(long)]
    no_operations: bool,
    /// Generate only the operations with this tag and the types they use; repeatable.
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Generate only the operations under this path (whole segments: /v1/customers) and the
    /// types they use; repeatable, and combines with --tag and --type.
    #[arg(long, value_name = "PREFIX")]
    path: Vec<String>,
    /// Generate only this type (a Rust name or a schema's JSON pointer) and the types it
    /// uses; `*` stands for any run of characters but `/` ('#/components/schemas/*' is every
    /// named schema); repeatable, and combines with --tag and --path.
    #[arg(long = "type", value_name = "TYPE")]
    only_type: Vec<String>,
    /// Serve `$ref`s to URLs starting with PREFIX from a local file or directory
    /// (`--map-url https://json.schemastore.org/=spec/schemastore`); repeatable.
    #[arg(long, value_name = "PREFIX=PATH", value_parser = url_mapping)]
    map_url: Vec<(String, PathBuf)>,
    /// Print no summary line.
    #[arg(short, long)]
    quiet: bool,
}

impl Specs {
    fn config(&self) -> typewright::Config {
        let mut config = typewright::Config::new();
        for path in &self.paths {
            config.spec(path);
        }
        config
            .deny_warnings(self.deny_warnings)
            .open_enums(self.open_enums)
            .check_formats(self.check_formats)
            .source_positions(self.source_positions)
            .operations(!self.no_operations)
            .color_diagnostics(color());
        if self.typed_formats {
            config.typed_formats();
        }
        if !self.tag.is_empty() {
            config.operation_tags(&self.tag);
        }
        if !self.only_type.is_empty() {
            config.only_types(&self.only_type);
        }
        if !self.path.is_empty() {
            config.operation_paths(&self.path);
        }
        for (prefix, local) in &self.map_url {
            config.map_url(prefix, local);
        }
        config
    }
}

/// `PREFIX=PATH`, split at the last `=` (URLs may contain `=` in their query).
fn url_mapping(text: &str) -> Result<(String, PathBuf), String> {
    let (prefix, path) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("`{text}` is not PREFIX=PATH"))?;
    Ok((prefix.to_string(), PathBuf::from(path)))
}

/// Colors only on a terminal, and never when NO_COLOR is set.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (specs, started) = match &cli.command {
        Command::Generate { specs, .. }
        | Command::Check { specs, .. }
        | Command::List { specs }
        | Command::Tags { specs } => (specs, Instant::now()),
    };
    let generated = match specs.config().generate() {
        Ok(generated) => generated,
        Err(failure) => {
            write_stderr(&failure.to_string());
            return ExitCode::FAILURE;
        }
    };
    write_stderr(&generated.rendered_warnings);
    let outcome = match &cli.command {
        Command::Generate {
            output, out_dir, ..
        } => generate(&generated, output.as_ref(), out_dir.as_ref()),
        Command::Check { against, .. } => check(&generated, against),
        Command::List { .. } => {
            let mut listing = String::new();
            for ty in &generated.types {
                listing.push_str(&format!("{}\t{}\t{}\n", ty.path, ty.location, ty.pointer));
            }
            write_stdout(&listing)
        }
        Command::Tags { .. } => write_stdout(&features(&generated.tags)),
    };
    if !specs.quiet {
        write_stderr(&format!(
            "typewright: {} from {} in {} ms; {}\n",
            plural(generated.types.len(), "type"),
            plural(generated.inputs.len(), "file"),
            started.elapsed().as_millis(),
            plural(generated.warnings.len(), "warning")
        ));
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            write_stderr(&format!("{message}\n"));
            ExitCode::FAILURE
        }
    }
}

/// `3 types`, `1 type`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `issues = []  # tag `issues`: 39 operations`, a line per feature, in the order first seen.
fn features(tags: &[typewright::TagSummary]) -> String {
    let mut lines: Vec<(&str, Vec<String>)> = Vec::new();
    for tag in tags {
        let described = format!("`{}`: {}", tag.name, plural(tag.operations, "operation"));
        match lines
            .iter_mut()
            .find(|(feature, _)| *feature == tag.feature)
        {
            Some((_, tags)) => tags.push(described),
            None => lines.push((&tag.feature, vec![described])),
        }
    }
    let mut out = String::new();
    for (feature, tags) in lines {
        let word = if tags.len() == 1 { "tag" } else { "tags" };
        out.push_str(&format!("{feature} = []  # {word} {}\n", tags.join("; ")));
    }
    out
}

/// Prints to stdout. A reader that stops early (`typewright list | head -1`) closes the
/// pipe: that ends the run quietly, as it does for other command-line tools.
fn write_stdout(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("typewright: cannot write to stdout: {e}")),
    }
}

/// Prints to stderr; a closed stderr loses the text but does not stop the run.
fn write_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn generate(
    generated: &typewright::Generated,
    output: Option<&PathBuf>,
    out_dir: Option<&PathBuf>,
) -> Result<(), String> {
    let path = match (output, out_dir) {
        (Some(file), _) => file.clone(),
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("typewright: cannot create {}: {e}", dir.display()))?;
            dir.join("typewright.rs")
        }
        (None, None) => return write_stdout(&generated.code),
    };
    typewright::write_if_changed(&path, &generated.code)
        .map(|_changed| ())
        .map_err(|e| format!("typewright: cannot write {}: {e}", path.display()))
}

fn check(generated: &typewright::Generated, against: &PathBuf) -> Result<(), String> {
    let committed = std::fs::read_to_string(against).unwrap_or_default();
    if committed == generated.code {
        return Ok(());
    }
    let shown = against.display().to_string();
    let diff = similar::TextDiff::from_lines(&committed, &generated.code)
        .unified_diff()
        .context_radius(3)
        .header(&shown, "generated from the specs")
        .to_string();
    write_stdout(&diff)?;
    Err(format!(
        "typewright: {shown} is out of date; regenerate it with `typewright generate ... --output {shown}`"
    ))
}
