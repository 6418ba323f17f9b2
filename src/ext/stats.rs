//! Counters the tests and the bench read in the content script's world. Each
//! module counts its own (they are separate instances): the core's are its
//! guard's and launcher's, the feature module's its runs' and views'.

use wasm_bindgen::prelude::*;

/// This module's observer callbacks so far and the milliseconds spent in them,
/// as `[callbacks, ms]` (the bench reads it in the content script's world
/// before and after a 200-row run).
#[wasm_bindgen]
pub fn observer_stats() -> Vec<f64> {
    let s = crate::driver::wait::observer_stats();
    vec![f64::from(s.callbacks), s.ms]
}

/// How many page searches the guard's per-event test has run so far
/// (`driver::page::reach_searches`; the e2e tests read it in the content
/// script's world around a whole-table read).
#[wasm_bindgen]
pub fn reach_searches() -> u32 {
    crate::driver::page::reach_searches()
}
