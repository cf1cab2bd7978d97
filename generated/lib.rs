//! Rust models of the Polar API, generated at build time from the OpenAPI documents in
//! `spec/` by typewright. Edit the spec, rebuild, and these types follow.
//!
//! One module per spec file; the Polar OAuth2 token models are re-exported at the root.
#![deny(warnings)]
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/typewright.rs"));

pub use polar_oauth2::*;
