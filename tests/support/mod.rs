//! Code shared by the integration tests (each test binary includes it with `mod support;`).

#![allow(dead_code)] // Not every test binary uses every helper.

pub mod fixtures;
