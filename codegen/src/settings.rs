//! The settings of a run, checked and parsed once, before any spec is read: the one value that
//! `lower` and `emit` read them from. A setting that does not parse is a diagnostic
//! ([`Code::InvalidSetting`]) beside those of the specs, so one run reports both.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::diag::{Code, Diagnostics};
use crate::ir::MapType;
use crate::secrets::SecretNames;
use crate::words::ExternType;

/// Every setting that changes the generated code.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settings {
    pub secrets: SecretNames,
    /// Every enum is open unless its schema says otherwise.
    pub open_enums: bool,
    /// `format`s are checked when a value is read (`Config::check_formats`).
    pub check_formats: bool,
    /// Generated docs say the line and column each type and field came from
    /// (`Config::source_positions`).
    pub source_positions: bool,
    /// `format` -> the Rust type used for it.
    pub formats: BTreeMap<String, ExternType>,
    pub map: MapType,
    /// Schema name or JSON pointer -> an existing Rust type to use instead of generating one.
    pub extern_types: BTreeMap<String, ExternType>,
    /// Schema name or JSON pointer -> the Rust name to give its type.
    pub renames: BTreeMap<String, String>,
    /// Path (a Rust type name, a JSON pointer or `*`) -> attributes for the type.
    pub type_attributes: Vec<(String, Attributes)>,
    /// Path (`Type.field`, `*.field`, `Type.*`) -> attributes for the field.
    pub field_attributes: Vec<(String, Attributes)>,
}

/// Outer attributes the user gave, checked. Kept as text, so that the settings can be shared
/// with the threads that emit items (tokens cannot leave a thread).
#[derive(Clone, Debug)]
pub(crate) struct Attributes(String);

impl Attributes {
    pub fn tokens(&self) -> TokenStream {
        self.0.parse().expect("checked by parse_attributes")
    }
}

/// The settings as the user gave them to `Config`, before checking.
pub(crate) struct Given<'a> {
    pub secrets: &'a SecretNames,
    pub open_enums: bool,
    pub check_formats: bool,
    pub source_positions: bool,
    pub formats: &'a BTreeMap<String, String>,
    pub map: MapType,
    pub extern_types: &'a BTreeMap<String, String>,
    pub renames: &'a BTreeMap<String, String>,
    pub type_attributes: &'a [(String, String)],
    pub field_attributes: &'a [(String, String)],
}

impl Settings {
    /// Checks every Rust type and attribute given to a setter; each one that does not parse
    /// is reported and left out.
    pub fn check(given: Given<'_>, cx: &mut Diagnostics) -> Settings {
        let types = |map: &BTreeMap<String, String>, setter: &str, cx: &mut Diagnostics| {
            let mut valid = BTreeMap::new();
            for (key, ty) in map {
                if let Some(parsed) = ExternType::parse(ty) {
                    valid.insert(key.clone(), parsed);
                } else {
                    cx.report_setting(
                        Code::InvalidSetting,
                        format!("Config::{setter}(\"{key}\", ..): `{ty}` is not a Rust type"),
                    )
                    .help("give a type path such as `uuid::Uuid` or `my_crate::Money<i64>`");
                }
            }
            valid
        };
        let attributes = |list: &[(String, String)], setter: &str, cx: &mut Diagnostics| {
            let mut valid = Vec::new();
            for (path, attribute) in list {
                match parse_attributes(attribute) {
                    Some(tokens) => valid.push((path.clone(), tokens)),
                    None => {
                        cx.report_setting(
                            Code::InvalidSetting,
                            format!(
                                "Config::{setter}(\"{path}\", ..): `{attribute}` is not an attribute"
                            ),
                        )
                        .help("write outer attributes as Rust: `#[non_exhaustive]`");
                    }
                }
            }
            valid
        };
        Settings {
            secrets: given.secrets.clone(),
            open_enums: given.open_enums,
            check_formats: given.check_formats,
            source_positions: given.source_positions,
            formats: types(given.formats, "format_type", cx),
            map: given.map,
            extern_types: types(given.extern_types, "extern_type", cx),
            renames: given.renames.clone(),
            type_attributes: attributes(given.type_attributes, "type_attribute", cx),
            field_attributes: attributes(given.field_attributes, "field_attribute", cx),
        }
    }
}

/// Outer attributes written as Rust (`#[derive(X)] #[serde(default)]`).
fn parse_attributes(text: &str) -> Option<Attributes> {
    use syn::parse::Parser;
    let attributes = syn::Attribute::parse_outer.parse_str(text).ok()?;
    (!attributes.is_empty()).then(|| Attributes(quote::quote! { #(#attributes)* }.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_setting_is_reported_and_left_out() {
        let formats = BTreeMap::from([
            ("uuid".to_string(), "uuid::Uuid".to_string()),
            ("date".to_string(), "not a type!".to_string()),
        ]);
        let attributes = [
            ("*".to_string(), "#[non_exhaustive]".to_string()),
            ("Pet".to_string(), "derive(X)".to_string()),
        ];
        let empty = BTreeMap::new();
        let mut cx = Diagnostics::default();
        let settings = Settings::check(
            Given {
                secrets: &SecretNames::default(),
                open_enums: false,
                check_formats: false,
                source_positions: false,
                formats: &formats,
                map: MapType::default(),
                extern_types: &empty,
                renames: &empty,
                type_attributes: &attributes,
                field_attributes: &[],
            },
            &mut cx,
        );
        let messages: Vec<&str> = cx.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`not a type!` is not a Rust type"));
        assert!(messages[1].contains("`derive(X)` is not an attribute"));
        assert!(cx.iter().all(|d| d.code == Code::InvalidSetting));
        assert_eq!(settings.formats.len(), 1);
        assert_eq!(settings.type_attributes.len(), 1);
    }
}
