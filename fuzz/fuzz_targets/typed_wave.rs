#![no_main]

use libfuzzer_sys::fuzz_target;
use wavecall_fuzz::typed_wave::{Bytes, Tally, typed_wave};

fuzz_target!(|data: &[u8]| {
    typed_wave(
        wavecall_fuzz::typed_pool(),
        &mut Bytes(data),
        &mut Tally::default(),
    );
});
