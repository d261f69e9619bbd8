//! Fuzz target: JSON uploads.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = data.to_vec();
    common::check(&bytes, "upload.json");
});
