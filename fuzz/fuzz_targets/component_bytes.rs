#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wavecall_fuzz::targets::component_bytes(wavecall_fuzz::runtime(), data);
});
