#![no_main]

use libfuzzer_sys::fuzz_target;
use wavecall_fuzz::targets::{Bytes, round_trip};

fuzz_target!(|data: &[u8]| {
    round_trip(wavecall_fuzz::pool(), &mut Bytes(data));
});
