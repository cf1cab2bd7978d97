//! Runs the pipeline on a one-file spec held in a string, for the passes' unit tests.

use std::path::Path;

use crate::diag::SourceMap;
use crate::ir::Ir;
use crate::load::{Loaded, load_text};
use crate::names::Names;
use crate::settings::Settings;

/// Every pass up to `names`, with default settings.
pub(crate) struct Run {
    pub ir: Ir,
    pub names: Names,
    pub sources: SourceMap,
    pub settings: Settings,
    /// Every diagnostic's message, in order.
    pub messages: Vec<String>,
}

impl Run {
    /// The pipeline as `Config::generate` runs it (`config::read`, then `analyze` and
    /// `names`), with default settings, on a one-file spec `t.yaml`. `share` is left to the
    /// tests of `share`, which choose what it keeps.
    pub fn new(spec: &str) -> Run {
        let mut run = crate::config::Run::new(false);
        let mut loaded = Loaded::default();
        load_text(
            &mut loaded,
            Path::new("t.yaml"),
            spec.to_string(),
            &mut run.cx,
        );
        let settings = Settings::default();
        let scope = crate::resolve::Scope::Everything;
        let (mut ir, _) = crate::config::read(&mut run, &mut loaded, scope, &settings);
        run.pass("analyze", |cx| {
            crate::analyze::analyze(&mut ir, settings.map, cx)
        });
        let names = crate::names::assign_names(&ir, &["t".to_string()]);
        Run {
            ir,
            names,
            sources: loaded.sources,
            settings,
            messages: run.cx.iter().map(|d| d.message.clone()).collect(),
        }
    }

    /// The type the naming pass called `name`.
    pub fn id(&self, name: &str) -> crate::ir::TypeId {
        self.ir
            .ids()
            .find(|&id| self.names.ty(id) == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }
}
