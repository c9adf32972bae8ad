#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use wavecall_fuzz::targets::{Bytes, FileBox, cli_values};

fuzz_target!(|data: &[u8]| {
    static FILES: OnceLock<FileBox> = OnceLock::new();
    let files = FILES.get_or_init(|| FileBox::new(&std::env::temp_dir()));
    cli_values(files, &mut Bytes(data));
});
