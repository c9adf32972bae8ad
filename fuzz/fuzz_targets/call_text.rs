#![no_main]

use libfuzzer_sys::fuzz_target;
use wavecall_fuzz::targets::{Bytes, call_text};

fuzz_target!(|data: &[u8]| {
    call_text(wavecall_fuzz::pool(), &mut Bytes(data));
});
