//! Pure logic: no web-sys, no browser. Everything here is tested natively.

pub mod page;
pub mod roles;
