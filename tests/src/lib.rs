//! End-to-end tests of the whole service live in `tests/`; this library is empty.
