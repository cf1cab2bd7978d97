//! Runs the pipeline on a one-file spec held in a string, for the passes' unit tests.

use std::path::Path;

use crate::diag::{Diagnostics, SourceMap};
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
    pub fn new(spec: &str) -> Run {
        let mut cx = Diagnostics::default();
        let mut loaded = Loaded::default();
        load_text(&mut loaded, Path::new("t.yaml"), spec.to_string(), &mut cx);
        let mut graph =
            crate::resolve::resolve(&loaded, crate::resolve::Scope::Everything, &mut cx);
        let normalized = crate::normalize::normalize(&mut graph, &mut cx);
        let settings = Settings::default();
        let mut ir = crate::lower::lower(&graph, &normalized, &settings, &mut cx);
        crate::analyze::analyze(&mut ir, settings.map, &mut cx);
        let names = crate::names::assign_names(&ir, &["t".to_string()]);
        Run {
            ir,
            names,
            sources: loaded.sources,
            settings,
            messages: cx.iter().map(|d| d.message.clone()).collect(),
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
