//! Fuzz target: spreadsheet bytes: the input is put behind a zip signature, so the zip guards and
//! calamine see it (seed the corpus with XLSX/ODS files, e.g. the templates).

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        [b"PK\x03\x04".as_slice(), data].concat()
    };
    common::check(&bytes, "upload.xlsx");
});
