//! Native tests of runs: the journal against a simulated page, the engine's
//! effect sequences, the stored form, and the results.

mod engine;
mod journal;
mod remove;
mod resend;
mod results;
mod roster;
mod sim;
mod stored;
mod stored_fixtures;
mod unsent;
