//! [`Config`]: the settings of a run, and the verbs that run the pipeline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{self, Code, Diagnostic, Diagnostics};
use crate::ir::{Ir, MapType};
use crate::secrets::SecretNames;
use crate::select::{Selection, TagFilter};
use crate::settings::{Given, Settings};
use crate::{analyze, emit, load, lower, names, normalize, output, resolve, select, share};

/// Generation settings, in the style of `prost_build::Config`: setters return `&mut Self`,
/// then one verb does the work.
#[derive(Clone, Debug)]
pub struct Config {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: String,
    secrets: SecretNames,
    deny_warnings: bool,
    open_enums: bool,
    check_formats: bool,
    source_positions: bool,
    formats: BTreeMap<String, String>,
    map_type: MapType,
    extern_types: BTreeMap<String, String>,
    renames: BTreeMap<String, String>,
    type_attributes: Vec<(String, String)>,
    field_attributes: Vec<(String, String)>,
    url_map: Vec<(String, PathBuf)>,
    color: bool,
    share_identical_types: bool,
    operations: bool,
    selection: Selection,
}

/// The output may be this many times the specs (or [`MIN_OUTPUT_LIMIT`]): real specs make
/// 2 to 25 times their size (a small spec with operations the most), and a spec that makes
/// more has found a way to copy one of its values many times over.
const OUTPUT_PER_INPUT: usize = 64;
const MIN_OUTPUT_LIMIT: usize = 64 << 20;

/// The mappings [`Config::typed_formats`] sets.
pub const TYPED_FORMATS: &[(&str, &str)] = &[
    ("date-time", "chrono::DateTime<chrono::FixedOffset>"),
    ("date", "chrono::NaiveDate"),
    ("uuid", "uuid::Uuid"),
    ("ipv4", "std::net::Ipv4Addr"),
    ("ipv6", "std::net::Ipv6Addr"),
];

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

/// A successful run.
#[derive(Debug)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// Where each part of a module's items is in `code`: what a build script writes as a
    /// file of its own (`build_script`), so that an edit re-checks its part only.
    pub(crate) layout: output::Layout,
    /// Every spec file that was read.
    pub inputs: Vec<PathBuf>,
    /// The spec directories that were listed (a new file there must trigger a rebuild).
    pub directories: Vec<PathBuf>,
    /// Warnings, in order.
    pub warnings: Vec<Diagnostic>,
    /// Warnings rendered for a terminal.
    pub rendered_warnings: String,
    /// Every generated type, in output order within each module.
    pub types: Vec<TypeSummary>,
    /// The spec's examples, each with the Rust type it is a value of.
    pub examples: Vec<crate::examples::Example>,
    /// How many schemas are roots: named definitions, inline bodies and `$ref` targets.
    pub root_schemas: usize,
    /// Every tag of the specs' operations (also with `operation_tags`), in the order first
    /// seen, with the cargo feature that selects it.
    pub tags: Vec<TagSummary>,
    /// How long each pass took, in pipeline order (for benchmarks and `--verbose` tools).
    pub pass_times: Vec<(&'static str, std::time::Duration)>,
}

/// One generated type, for listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSummary {
    /// The Rust path below the output: `polar_oauth2::TokenResponse`.
    pub path: String,
    /// `spec/x.yaml:12:7`, where its schema starts.
    pub location: String,
    /// The JSON pointer of its schema (of its operation, for a request type).
    pub pointer: String,
    /// Whether it implements `Serialize` and `Deserialize`: every type but an operation's
    /// request struct, body content enum and response headers struct, which convert to and
    /// from `http` types.
    pub serde: bool,
}

/// One tag of the specs' operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSummary {
    /// As the spec writes it: `Pull Requests`.
    pub name: String,
    /// The cargo feature that selects it with [`Config::operation_tags_from_features`]:
    /// `pull-requests`.
    pub feature: String,
    /// How many operations carry it.
    pub operations: usize,
}

/// A run that found errors in the specs (or could not write its output).
#[derive(Debug)]
pub struct Failure {
    /// Every diagnostic of the run, errors and warnings, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// All of them rendered like rustc, with a summary line.
    pub rendered: String,
    pub inputs: Vec<PathBuf>,
    pub directories: Vec<PathBuf>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Failure {}

impl Config {
    pub fn new() -> Self {
        Config {
            specs: Vec::new(),
            out_dir: None,
            file_name: "typewright.rs".to_string(),
            secrets: SecretNames::default(),
            deny_warnings: false,
            open_enums: false,
            check_formats: false,
            source_positions: false,
            // A binary value's bytes, which a `String` cannot hold: a multipart body's file
            // parts. `format_type("binary", ..)` replaces it.
            formats: BTreeMap::from([(
                "binary".to_string(),
                "typewright_runtime::File".to_string(),
            )]),
            map_type: MapType::default(),
            extern_types: BTreeMap::new(),
            renames: BTreeMap::new(),
            type_attributes: Vec::new(),
            field_attributes: Vec::new(),
            url_map: Vec::new(),
            color: false,
            share_identical_types: true,
            operations: true,
            selection: Selection::default(),
        }
    }

    /// Adds a spec file, or a directory whose `*.yaml`, `*.yml` and `*.json` files are specs.
    pub fn spec(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Where [`Config::compile`] writes; defaults to `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The output file's name; defaults to `typewright.rs`.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = name.into();
        self
    }

    /// Replaces the field-name patterns whose values `Debug` redacts (default:
    /// [`crate::DEFAULT_SECRET_NAMES`]). A pattern matches a snake_case field name exactly, or,
    /// written `*_x`, any name ending in `_x`.
    pub fn secret_field_names<S: AsRef<str>>(
        &mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.secrets = SecretNames::new(patterns);
        self
    }

    /// Adds one secret field-name pattern to the current list.
    pub fn secret_field_name(&mut self, pattern: &str) -> &mut Self {
        self.secrets.add(pattern);
        self
    }

    /// Makes every warning an error, for authors of their own specs who want the strict
    /// build. By default a defect with a documented recovery (a dangling `$ref`, a `default`
    /// the schema rejects, a discriminator that does not match its union...) is a warning that
    /// says what was done, so a vendor's spec builds unedited.
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// Makes every enum open: a value the spec does not list is kept in an extra `Unknown`
    /// variant and serialized back unchanged. Without this, only enums marked
    /// `x-speakeasy-unknown-values: allow` or `x-typewright-open: true` are open.
    pub fn open_enums(&mut self, open: bool) -> &mut Self {
        self.open_enums = open;
        self
    }

    /// Checks `format` when a value is read: `date-time`, `date` and `time` (RFC 3339),
    /// `uuid`, `email`, `ipv4`, `ipv6` and `uri`, each by a crate made for it, with the same
    /// errors as the other validation keywords. Off by default, as JSON Schema 2020-12 makes
    /// formats annotations; on, the generated crate must enable `typewright-runtime`'s
    /// `formats` feature. A format mapped to a Rust type (`format_type`, `typed_formats`) is
    /// checked by that type instead.
    pub fn check_formats(&mut self, check: bool) -> &mut Self {
        self.check_formats = check;
        self
    }

    /// Writes the line and column each type and field came from into their docs
    /// (`spec.yaml:12:7`). Off by default: the file and the JSON pointer name the schema, and
    /// positions would change the docs of every type below an edit, so a checked-in output's
    /// diff shows only what the spec changed.
    pub fn source_positions(&mut self, on: bool) -> &mut Self {
        self.source_positions = on;
        self
    }

    /// Uses `rust_type` (a path such as `uuid::Uuid`) for values with this `format`. The type
    /// must implement `Serialize`, `Deserialize`, `Debug`, `Clone` and `PartialEq`; your crate
    /// must depend on the crate that defines it. Without a mapping, string formats stay
    /// `String` (exactly as sent), except `binary` (Swagger 2.0's `type: file`), which is
    /// `typewright_runtime::File`: bytes with a file name and media type, a file part of a
    /// multipart body and a UTF-8 string anywhere else. Integer and number formats pick the Rust width
    /// (`int32` -> `i32`, `float` -> `f32`).
    pub fn format_type(&mut self, format: &str, rust_type: &str) -> &mut Self {
        self.formats
            .insert(format.to_string(), rust_type.to_string());
        self
    }

    /// Maps the common string formats to the usual crates, as a starting point:
    /// `date-time` -> `chrono::DateTime<chrono::FixedOffset>` (keeps the offset), `date` ->
    /// `chrono::NaiveDate`, `uuid` -> `uuid::Uuid`, `ipv4`/`ipv6` -> `std::net` addresses.
    /// Your crate then needs `chrono` (feature `serde`) and `uuid` (feature `serde`).
    pub fn typed_formats(&mut self) -> &mut Self {
        for (format, rust_type) in TYPED_FORMATS {
            self.format_type(format, rust_type);
        }
        self
    }

    /// The Rust type for JSON objects with arbitrary keys (default `BTreeMap`, whose sorted
    /// keys make `Debug` and re-serialized output deterministic). `IndexMap` needs the
    /// `indexmap` crate with its `serde` feature.
    pub fn map_type(&mut self, map: MapType) -> &mut Self {
        self.map_type = map;
        self
    }

    /// Uses an existing Rust type for a schema instead of generating one, so that several
    /// generated crates can share a model. `schema` is the schema's name (`Money`) or JSON
    /// pointer; the spec can say the same with `x-typewright-type: my_crate::Money` (or
    /// typify's `x-rust-type`). The type is re-exported under the schema's name.
    pub fn extern_type(&mut self, schema: &str, rust_type: &str) -> &mut Self {
        self.extern_types
            .insert(schema.to_string(), rust_type.to_string());
        self
    }

    /// Names a schema's Rust type (`schema` is its name or JSON pointer); the spec can say
    /// the same with `x-typewright-name`.
    pub fn rename_type(&mut self, schema: &str, rust_name: &str) -> &mut Self {
        self.renames
            .insert(schema.to_string(), rust_name.to_string());
        self
    }

    /// Defines each structurally identical type once (on by default): a later copy of a type
    /// (same fields, variants, checks, defaults and field docs) becomes `pub type Copy =
    /// First;`. Every name stays, and code compiles against either; what changes is that the
    /// two names are one type, which cuts what rustc checks on large specs (Stripe repeats
    /// the same inline enums hundreds of times). A deprecated type, and one named by
    /// [`Config::type_attribute`] or [`Config::field_attribute`], keeps its own definition.
    /// Turn it off to have every name be a distinct type.
    pub fn share_identical_types(&mut self, share: bool) -> &mut Self {
        self.share_identical_types = share;
        self
    }

    /// Generates types for the operations under `paths` (on by default): their inline
    /// request and response bodies. Off, only named schemas get types (`components/schemas`,
    /// `definitions`, `$defs`, and the schemas they reference), for a crate that uses a
    /// vendor's models but not its endpoints. On large specs most types are operations'
    /// (3,997 of Stripe's 5,815), so this also cuts the crate's compile time.
    pub fn operations(&mut self, operations: bool) -> &mut Self {
        self.operations = operations;
        self
    }

    /// Generates only the operations with one of these `tags`, and the types they use: a
    /// crate that calls a few of a large API's endpoints compiles only those. Named schemas
    /// that no selected operation reaches are left out too. Names are those of the whole
    /// spec, so selecting more tags adds types and renames none. Tags compare as cargo
    /// feature names do: case aside, and every other character as `_` (`pull-requests`
    /// selects `Pull Requests`). A tag no operation has is a warning (W0008). A second call
    /// replaces the first's tags.
    pub fn operation_tags<S: Into<String>>(
        &mut self,
        tags: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let tags = tags.into_iter().map(Into::into).collect();
        self.selection.tags = Some(TagFilter::Given(tags));
        self
    }

    /// Generates only these types (each a Rust type name, `Customer`, or a schema's JSON
    /// pointer, `#/components/schemas/customer`) and the types they reach: a crate that uses
    /// a few of a large spec's models compiles only those, also where the spec has no tags.
    /// With [`Config::operation_tags`], the output keeps both selections. Naming an
    /// operation's request type keeps the whole operation. A `*` stands for any run of
    /// characters but `/`: `#/components/schemas/*` keeps every named schema (with
    /// `operation_tags`, every model and only some operations), `Webhook*` every type whose
    /// name starts so. As with tags, names are those of the whole spec; a name or pattern
    /// that matches no type is a warning (W0008). Call again for more.
    pub fn only_types<S: Into<String>>(&mut self, types: impl IntoIterator<Item = S>) -> &mut Self {
        self.selection
            .types
            .extend(types.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations whose path is one of these prefixes or below it, by
    /// whole segments (`/v1/customers` keeps `/v1/customers/{customer}`), and the types they
    /// use: the way to cut a spec without tags by endpoint. Combines with
    /// [`Config::operation_tags`] and [`Config::only_types`]; a prefix no operation is under
    /// is a warning (W0008). Call again for more.
    pub fn operation_paths<S: Into<String>>(
        &mut self,
        prefixes: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        self.selection
            .paths
            .extend(prefixes.into_iter().map(Into::into));
        self
    }

    /// As [`Config::operation_tags`], with the tags of the cargo features enabled for the
    /// crate whose build script runs: declare a feature per tag you use (`[features]
    /// issues = []`), and a dependent crate that enables `issues` gets those operations.
    /// Enabled features that name no tag select nothing and are not reported.
    pub fn operation_tags_from_features(&mut self) -> &mut Self {
        self.selection.tags = Some(TagFilter::Features);
        self
    }

    /// Adds an attribute (`#[derive(schemars::JsonSchema)]`, `#[non_exhaustive]`...) to the
    /// generated structs and enums that `path` names: a Rust type name (`Pet`), a schema's
    /// JSON pointer, or `*` for all of them.
    pub fn type_attribute(&mut self, path: &str, attribute: &str) -> &mut Self {
        self.type_attributes
            .push((path.to_string(), attribute.to_string()));
        self
    }

    /// Adds an attribute to the struct fields `path` names: `Type.field` (the field's wire
    /// or Rust name), `*.field` or `Type.*`.
    pub fn field_attribute(&mut self, path: &str, attribute: &str) -> &mut Self {
        self.field_attributes
            .push((path.to_string(), attribute.to_string()));
        self
    }

    /// Adds derives to every generated struct and enum: `derive(&["schemars::JsonSchema"])`.
    pub fn derive(&mut self, derives: &[&str]) -> &mut Self {
        let list = derives.join(", ");
        self.type_attribute("*", &format!("#[derive({list})]"))
    }

    /// Serves `$ref`s to URLs that start with `prefix` from a local copy: `local` is a file
    /// (for one URL) or a directory (the rest of the URL is a path inside it). Builds still
    /// never touch the network; without a mapping, a `$ref` to a URL is a warning (E0008)
    /// whose help gives the call to add, and its type is `serde_json::Value`.
    /// `map_url("https://json.schemastore.org/", "spec/schemastore")` serves
    /// `https://json.schemastore.org/eslintrc.json#/definitions/rule` from
    /// `spec/schemastore/eslintrc.json`.
    pub fn map_url(&mut self, prefix: &str, local: impl AsRef<Path>) -> &mut Self {
        self.url_map
            .push((prefix.to_string(), local.as_ref().to_path_buf()));
        self
    }

    /// Renders diagnostics with ANSI colors (for a terminal; off by default).
    pub fn color_diagnostics(&mut self, color: bool) -> &mut Self {
        self.color = color;
        self
    }

    /// Runs the whole pipeline and returns the generated code; touches no files but the specs.
    ///
    /// The passes are listed, numbered, in `ARCHITECTURE.md`. The passes up to
    /// `lower` recover from every problem they report, so one run lists every error of every
    /// spec and setting; the checkpoint stops the run before anything is generated from a
    /// spec with errors.
    pub fn generate(&self) -> Result<Generated, Failure> {
        self.generate_with(None).map(|(generated, _)| generated)
    }

    /// [`Self::generate`], formatting with a cache of an earlier run's formatted items
    /// ([`output::format`]); also returns the cache of this run's.
    fn generate_with(
        &self,
        cache: Option<&output::FormatCache>,
    ) -> Result<(Generated, output::FormatCache), Failure> {
        let mut run = Run::new(self.deny_warnings);
        let settings = run.pass("settings", |cx| self.check_settings(cx));
        let (mut files, directories) = self.spec_files(&mut run.cx);
        let mut loaded = run.pass("load", |cx| {
            load::load(&files, &self.spec_roots(), &self.url_map, cx)
        });
        // Files reached by `$ref` are inputs too: editing one must rerun the build script.
        files.extend(
            loaded
                .documents
                .iter()
                .filter(|d| d.referenced)
                .map(|d| d.path.clone()),
        );
        // A checkpoint: a run with errors stops, having reported every one of them.
        macro_rules! stop_on_errors {
            () => {
                if run.cx.has_errors() {
                    return Err(failure(run.cx, &loaded, files, directories, self.color));
                }
            };
        }
        // What later steps need of the node tree, taken now: `read` drops the tree, the
        // largest thing a run holds, once the schema model has what the passes need of it.
        let module_docs: Vec<String> = loaded
            .documents
            .iter()
            .map(|d| module_doc(&loaded, d))
            .collect();
        let header = header(&loaded, &self.selection);
        let scope = if self.operations {
            resolve::Scope::Everything
        } else {
            resolve::Scope::NamedSchemas
        };
        let (mut ir, root_schemas) = read(&mut run, &mut loaded, scope, &settings);
        if ir.types.is_empty() && !run.cx.has_errors() {
            self.report_no_types(&mut run.cx, &files);
        }
        stop_on_errors!();
        run.pass("analyze", |cx| analyze::analyze(&mut ir, settings.map, cx));
        // `analyze` warns too (nesting rustc cannot compile), which `deny_warnings` denies.
        stop_on_errors!();
        let modules: Vec<String> = loaded
            .documents
            .iter()
            .map(|d| file_stem(&d.path))
            .collect();
        if self.share_identical_types {
            run.pass("share", |_| {
                let keep = self.own_attributes(&ir, &modules);
                let operation_types = ir.operation_types();
                share::share_identical_types(&mut ir, &|id| {
                    keep[id.0 as usize] || operation_types[id.0 as usize]
                })
            });
        }
        let names = run.pass("names", |_| names::assign_names(&ir, &modules));
        let kept = match self.selection.is_active() {
            true => run.pass("select", |cx| {
                select::select(&ir, &names, &self.selection, cx)
            }),
            false => vec![true; ir.types.len()],
        };
        // `deny_warnings` denies a tag that selects nothing.
        stop_on_errors!();
        // Items are emitted and formatted a few at a time on every core: one pass, so that
        // the tokens of the whole output never exist at once.
        let input: usize = loaded.sources.iter().map(|f| f.text.len()).sum();
        let limit = input.saturating_mul(OUTPUT_PER_INPUT).max(MIN_OUTPUT_LIMIT);
        let code = run.pass("emit and format", |_| {
            let (modules, items) =
                emit::emit(&ir, &kept, &names, &module_docs, &loaded.sources, &settings);
            let estimate = |id| items.estimate(id);
            let item = |module, id| items.item(module, id);
            output::format(modules, &item, &estimate, &header, limit, cache)
        });
        let formatted = match code {
            Ok(formatted) => formatted,
            Err(output::Failed::TooLarge(made)) => {
                report_too_large(&mut run.cx, &files, (input, limit, made));
                return Err(failure(run.cx, &loaded, files, directories, self.color));
            }
            Err(output::Failed::Invalid(message)) => {
                let mut failure = failure(run.cx, &loaded, files, directories, self.color);
                failure.rendered.push_str(&message);
                return Err(failure);
            }
        };
        let types = type_summaries(&ir, &kept, &names, &loaded.sources);
        let tags = tag_summaries(&ir);
        let examples = crate::examples::collect(&ir, &kept, &names, &loaded.sources, settings.map);
        let warnings = run.cx.into_sorted();
        let rendered_warnings = diag::render_all(&warnings, &loaded.sources, self.color);
        let generated = Generated {
            code: formatted.code,
            layout: formatted.layout,
            inputs: files,
            directories,
            warnings,
            rendered_warnings,
            types,
            examples,
            root_schemas,
            tags,
            pass_times: run.times,
        };
        Ok((generated, formatted.cache))
    }

    /// The settings pass: the setters' values parsed once (E0014), and settings that
    /// contradict each other.
    fn check_settings(&self, cx: &mut Diagnostics) -> Settings {
        if (self.selection.tags.is_some() || !self.selection.paths.is_empty()) && !self.operations {
            cx.report_setting(
                Code::InvalidSetting,
                "`operation_tags` and `operation_paths` select operations, and `operations(false)` leaves every operation out",
            )
            .help("keep one of the two: tags for some endpoints and their models, or `operations(false)` for every named schema");
        }
        Settings::check(self.given(), cx)
    }

    /// Reports that the specs define no types: almost always a spec read wrongly, or the
    /// wrong file.
    fn report_no_types(&self, cx: &mut Diagnostics, files: &[PathBuf]) {
        let first = files.first().cloned().unwrap_or_default();
        let help = if self.operations {
            "check that this is the API's entry file, and that its schemas are under one of those keys"
        } else {
            "`operations(false)` (`--no-operations`) leaves out the bodies of `paths`: turn it on for a spec whose schemas are all inline"
        };
        cx.report_file(Code::NoTypes, &first, "the specs define no types")
            .note("typewright generates types from `components/schemas`, `$defs`, `definitions` and the request and response bodies of `paths`, also in files they `$ref`")
            .help(help);
    }

    /// Generates and writes `<out_dir>/<file_name>`, only if its content changed.
    /// Returns the run and the path written.
    pub fn compile(&self) -> Result<(Generated, PathBuf), Failure> {
        self.compile_with(false, |dir, generated| {
            output::write(&dir.join(&self.file_name), &generated.code).map(|_| ())
        })
    }

    /// Generates, then writes the output into the output directory with `write`. With
    /// `cached`, formatting reads and keeps a cache of formatted items in that directory
    /// (`<file stem>.format-cache`), as a build script runs again after each edit.
    fn compile_with(
        &self,
        cached: bool,
        write: impl Fn(&Path, &Generated) -> std::io::Result<()>,
    ) -> Result<(Generated, PathBuf), Failure> {
        let dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from));
        let cache_path = (dir.as_ref())
            .filter(|_| cached)
            .map(|dir| output::FormatCache::path(dir, &self.file_name));
        let cache = cache_path.as_deref().map(output::FormatCache::read);
        let (generated, formatted) = self.generate_with(cache.as_ref())?;
        let Some(dir) = dir else {
            return Err(plain_failure(
                &generated,
                "no output directory: set `out_dir` or run from a build script (OUT_DIR)",
            ));
        };
        let path = dir.join(&self.file_name);
        if let Err(err) = write(&dir, &generated) {
            return Err(plain_failure(
                &generated,
                &format!("cannot write {}: {err}", path.display()),
            ));
        }
        // A cache that cannot be written only makes the next run slower.
        if let Some(cache_path) = cache_path {
            let _ = formatted.write(&cache_path);
        }
        Ok((generated, path))
    }

    /// [`Self::compile`], each part of the output in a file and module of its own
    /// ([`output::write_parts`]): what `build_script` writes. The one file `include!`d
    /// stays `<out_dir>/<file_name>`.
    fn compile_parts(&self) -> Result<(Generated, PathBuf), Failure> {
        self.compile_with(true, |dir, generated| {
            output::write_parts(dir, &self.file_name, &generated.code, &generated.layout)
        })
    }

    /// For `build.rs`: compiles, tells cargo what to watch, shows warnings, and on errors
    /// prints every diagnostic and exits with status 1 (no panic backtrace).
    pub fn build_script(&self) {
        let result = self.compile_parts();
        let (inputs, directories) = match &result {
            Ok((generated, _)) => (&generated.inputs, &generated.directories),
            Err(failure) => (&failure.inputs, &failure.directories),
        };
        for line in rerun_if_changed(inputs, directories) {
            println!("{line}");
        }
        match result {
            Ok((generated, _)) => {
                for line in generated
                    .rendered_warnings
                    .lines()
                    .filter(|l| !l.is_empty())
                {
                    println!("cargo:warning={line}");
                }
            }
            Err(failure) => {
                eprint!("{}", failure.rendered);
                std::process::exit(1);
            }
        }
    }

    /// The settings as given, for [`Settings::check`].
    fn given(&self) -> Given<'_> {
        Given {
            secrets: &self.secrets,
            open_enums: self.open_enums,
            check_formats: self.check_formats,
            source_positions: self.source_positions,
            formats: &self.formats,
            map: self.map_type,
            extern_types: &self.extern_types,
            renames: &self.renames,
            type_attributes: &self.type_attributes,
            field_attributes: &self.field_attributes,
        }
    }

    /// Per type, whether a type or field attribute names it (by Rust name or JSON pointer):
    /// such a type keeps its own definition. Names are worked out only when an attribute
    /// names a type, as they are after sharing.
    fn own_attributes(&self, ir: &Ir, modules: &[String]) -> Vec<bool> {
        let by_type = self.type_attributes.iter().map(|(path, _)| path.as_str());
        let by_field = self
            .field_attributes
            .iter()
            .filter_map(|(path, _)| Some(path.split_once('.')?.0));
        let paths: Vec<&str> = by_type.chain(by_field).filter(|p| *p != "*").collect();
        if paths.is_empty() {
            return vec![false; ir.types.len()];
        }
        let names = names::assign_names(ir, modules);
        ir.ids()
            .map(|id| {
                let pointer = ir.get(id).docs.pointer.as_str();
                paths.iter().any(|p| *p == names.ty(id) || *p == pointer)
            })
            .collect()
    }

    /// The directories `$ref`s may reach into: each spec directory, and the directory of each
    /// spec file.
    fn spec_roots(&self) -> Vec<PathBuf> {
        self.specs
            .iter()
            .map(|spec| {
                if spec.is_dir() {
                    spec.clone()
                } else {
                    match spec.parent() {
                        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                        _ => PathBuf::from("."),
                    }
                }
            })
            .collect()
    }

    /// The spec files, expanding directories (sorted, so runs are deterministic).
    fn spec_files(&self, cx: &mut Diagnostics) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut files = Vec::new();
        let mut directories = Vec::new();
        for spec in &self.specs {
            if !spec.is_dir() {
                files.push(spec.clone());
                continue;
            }
            directories.push(spec.clone());
            match std::fs::read_dir(spec) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file() && is_spec_file(p))
                        .collect();
                    found.sort();
                    // A link out of the directory is refused, as a `$ref` there would be:
                    // its target is not the user's spec, and is never read or printed.
                    let home = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.clone());
                    for path in found {
                        match std::fs::canonicalize(&path) {
                            Ok(target) if target.starts_with(&home) => files.push(path),
                            _ => {
                                cx.report_file(
                                    Code::UnsupportedRef,
                                    &path,
                                    "a link that leads out of the spec directory is not read",
                                );
                            }
                        }
                    }
                }
                Err(err) => {
                    cx.report_file(Code::Io, spec, format!("cannot list spec directory: {err}"));
                }
            }
        }
        (files, directories)
    }
}

/// Reports an output that outgrew its budget: `(input, limit, made)` in bytes.
fn report_too_large(
    cx: &mut Diagnostics,
    files: &[PathBuf],
    (input, limit, made): (usize, usize, usize),
) {
    let first = files.first().cloned().unwrap_or_default();
    cx.report_file(
        Code::Limit,
        &first,
        format!(
            "the generated code grew past {} MB ({OUTPUT_PER_INPUT} times the {} KB of specs) and was stopped at {} MB",
            limit >> 20,
            input >> 10,
            made >> 20
        ),
    )
    .note("the passes write each value of a spec a bounded number of times; this spec found a way around that")
    .help("please report the spec: it is an amplification typewright should catch by name");
}

/// The operations' tags, each with its cargo feature's name and its operation count.
fn tag_summaries(ir: &Ir) -> Vec<TagSummary> {
    select::tags(ir)
        .into_iter()
        .map(|(name, operations)| TagSummary {
            feature: select::feature_name(&name),
            name,
            operations,
        })
        .collect()
}

/// The `cargo:rerun-if-changed` lines for a run: each spec directory (so a new file is
/// picked up) and each file read.
pub fn rerun_if_changed(inputs: &[PathBuf], directories: &[PathBuf]) -> Vec<String> {
    directories
        .iter()
        .chain(inputs)
        .map(|path| format!("cargo:rerun-if-changed={}", path.display()))
        .collect()
}

fn is_spec_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// "Types generated from `spec/x.yaml`: Pets API 1.0." (the title and version from `info`).
fn module_doc(loaded: &load::Loaded, document: &load::Document) -> String {
    let tree = &loaded.tree;
    let info = tree.get(document.root, "info");
    let field = |key| {
        info.and_then(|i| tree.get(i, key))
            .and_then(|n| tree.as_str(n))
    };
    let source = &loaded.sources.get(document.file).display;
    match (field("title"), field("version")) {
        (Some(title), Some(version)) => {
            format!("Types generated from `{source}`: {title} {version}.")
        }
        (Some(title), None) => format!("Types generated from `{source}`: {title}."),
        _ => format!("Types generated from `{source}`."),
    }
}

fn header(loaded: &load::Loaded, selection: &Selection) -> String {
    let sources: Vec<&str> = loaded
        .documents
        .iter()
        .map(|d| loaded.sources.get(d.file).display.as_str())
        .collect();
    let mut header = format!(
        "// @generated by typewright from {}. Do not edit: edit the spec and rebuild.",
        sources.join(", ")
    );
    // A reader of a selected output should not take what is missing for a bug.
    if let Some(what) = selection.describe() {
        header.push_str(&format!(
            "\n// Only part of the specs: {what}, and what they use."
        ));
    }
    header
}

/// One run's diagnostics and the time each pass took.
/// What [`Generated::types`] lists: each kept type's path, location, pointer, and whether it
/// implements serde's traits.
fn type_summaries(
    ir: &crate::ir::Ir,
    kept: &[bool],
    names: &names::Names,
    sources: &diag::SourceMap,
) -> Vec<TypeSummary> {
    // Whether each type is a JSON value. An alias is what it names (a shared headers struct's
    // other names are no serde types either): each chain of aliases is walked once, and what
    // its end is goes to every alias on it.
    let own = |def: &crate::ir::TypeDef| {
        !matches!(&def.kind, crate::ir::TypeKind::Struct(s) if !s.is_serde())
            && !matches!(&def.kind, crate::ir::TypeKind::Union(u) if u.is_content())
    };
    let mut serde: Vec<Option<bool>> = vec![None; ir.types.len()];
    let mut on_chain = vec![false; ir.types.len()];
    for start in ir.ids() {
        let mut chain = Vec::new();
        let mut at = start;
        let value = loop {
            if let Some(known) = serde[at.0 as usize] {
                break known;
            }
            match &ir.get(at).kind {
                crate::ir::TypeKind::Alias(crate::ir::TypeRef::Named(next))
                    if !on_chain[next.0 as usize] && *next != at =>
                {
                    on_chain[at.0 as usize] = true;
                    chain.push(at);
                    at = *next;
                }
                _ => break own(ir.get(at)),
            }
        };
        for id in chain.into_iter().chain([at]) {
            serde[id.0 as usize] = Some(value);
            on_chain[id.0 as usize] = false;
        }
    }
    ir.ids()
        .filter(|id| kept[id.0 as usize])
        .map(|id| {
            let def = ir.get(id);
            let serde = serde[id.0 as usize].unwrap_or(true);
            TypeSummary {
                path: format!("{}::{}", names.modules[def.document], names.ty(id)),
                location: def
                    .docs
                    .span
                    .map(|span| sources.location(span))
                    .unwrap_or_default(),
                pointer: def.docs.pointer.clone(),
                serde,
            }
        })
        .collect()
}

/// The passes from loaded specs to the type IR, in the order of the crate's pipeline
/// (`resolve`, `normalize`, `lower`): what [`Config::generate`] runs, and the unit tests'
/// runner too. Returns the IR and how many root schemas the specs have. The node tree is
/// dropped once `resolve` has read it, the schema model once `lower` has built the IR.
pub(crate) fn read(
    run: &mut Run,
    loaded: &mut load::Loaded,
    scope: resolve::Scope,
    settings: &Settings,
) -> (crate::ir::Ir, usize) {
    let mut graph = run.pass("resolve", |cx| resolve::resolve(loaded, scope, cx));
    loaded.tree = load::Tree::default();
    let normalized = run.pass("normalize", |cx| normalize::normalize(&mut graph, cx));
    let ir = run.pass("lower", |cx| {
        lower::lower(&graph, &normalized, settings, cx)
    });
    (ir, graph.roots.len())
}

/// A run's diagnostics and how long each pass took.
pub(crate) struct Run {
    pub(crate) cx: Diagnostics,
    times: Vec<(&'static str, std::time::Duration)>,
}

impl Run {
    pub(crate) fn new(deny_warnings: bool) -> Run {
        let cx = if deny_warnings {
            Diagnostics::deny_warnings()
        } else {
            Diagnostics::default()
        };
        Run {
            cx,
            times: Vec::new(),
        }
    }

    pub(crate) fn pass<T>(
        &mut self,
        name: &'static str,
        pass: impl FnOnce(&mut Diagnostics) -> T,
    ) -> T {
        let start = std::time::Instant::now();
        let result = pass(&mut self.cx);
        self.times.push((name, start.elapsed()));
        result
    }
}

fn failure(
    cx: Diagnostics,
    loaded: &load::Loaded,
    inputs: Vec<PathBuf>,
    directories: Vec<PathBuf>,
    color: bool,
) -> Failure {
    let diagnostics = cx.into_sorted();
    let rendered = diag::render_all(&diagnostics, &loaded.sources, color);
    Failure {
        diagnostics,
        rendered,
        inputs,
        directories,
    }
}

fn plain_failure(generated: &Generated, message: &str) -> Failure {
    Failure {
        diagnostics: generated.warnings.clone(),
        rendered: format!("typewright: {message}\n"),
        inputs: generated.inputs.clone(),
        directories: generated.directories.clone(),
    }
}
