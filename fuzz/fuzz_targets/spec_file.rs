#![no_main]

use libfuzzer_sys::fuzz_target;
use wavecall_fuzz::targets::{Bytes, spec_file};

fuzz_target!(|data: &[u8]| {
    spec_file(wavecall_fuzz::pool(), None, &mut Bytes(data));
});
