//! The "Roster" tab: plan and apply a desired roster ([`plan`]).

pub mod plan;
mod words;

pub use plan::view;
