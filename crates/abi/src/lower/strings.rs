//! How Wasmtime copies a host string into a callee's memory in each string encoding.

use super::Lowerer;
use crate::StringEncoding;

/// A lowered string: its pointer, the length value passed beside it, and what that length
/// counts.
type Lowered = (u32, u32, String);

impl Lowerer<'_> {
    /// Copies a string into the callee's memory the way Wasmtime does for each encoding.
    ///
    /// Sizes are worked out in `u64`: a string too long for a 32-bit memory fails in
    /// `realloc`, and once a block is handed out every length within it fits in a `u32`.
    pub(super) fn lower_string(&mut self, s: &str, path: &str) -> anyhow::Result<Lowered> {
        let utf8_len = s.len() as u64;
        match self.encoding {
            StringEncoding::Utf8 => {
                let ptr = self.realloc(
                    0,
                    0,
                    1,
                    utf8_len,
                    format!("string `{path}`: {utf8_len} UTF-8 bytes"),
                )?;
                self.write(ptr, s.as_bytes(), path, format!("UTF-8 bytes of {s:?}"));
                Ok((
                    ptr,
                    utf8_len as u32,
                    format!("{utf8_len} UTF-8 code units (bytes)"),
                ))
            }
            StringEncoding::Utf16 => {
                let size = utf8_len * 2;
                let mut ptr = self.realloc(
                    0,
                    0,
                    2,
                    size,
                    format!("string `{path}`: room for the worst case, 2 × {utf8_len} UTF-8 bytes"),
                )?;
                let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
                let units = bytes.len() as u32 / 2;
                self.write(ptr, &bytes, path, format!("UTF-16LE code units of {s:?}"));
                if u64::from(units) * 2 < size {
                    ptr = self.realloc(
                        ptr,
                        size as u32,
                        2,
                        u64::from(units) * 2,
                        format!("string `{path}`: shrink to {units} UTF-16 code units"),
                    )?;
                }
                Ok((ptr, units, format!("{units} UTF-16 code units")))
            }
            StringEncoding::CompactUtf16 => self.lower_compact_string(s, path),
        }
    }

    fn lower_compact_string(&mut self, s: &str, path: &str) -> anyhow::Result<Lowered> {
        let utf8_len = s.len() as u64;
        let ptr = self.realloc(
            0,
            0,
            2,
            utf8_len,
            format!("string `{path}`: latin-1 attempt, {utf8_len} bytes"),
        )?;
        let utf8_len = utf8_len as u32;
        let latin1: Vec<u8> = s
            .chars()
            .map_while(|c| u8::try_from(u32::from(c)).ok())
            .collect();
        if latin1.len() == s.chars().count() {
            let len = latin1.len() as u32;
            self.write(ptr, &latin1, path, format!("Latin-1 bytes of {s:?}"));
            let ptr = if len < utf8_len {
                self.realloc(
                    ptr,
                    utf8_len,
                    2,
                    len.into(),
                    format!("string `{path}`: shrink to {len} Latin-1 bytes"),
                )?
            } else {
                ptr
            };
            return Ok((ptr, len, format!("{len} Latin-1 code units (bytes)")));
        }
        // Latin-1 bytes up to the first wider character were written before the switch.
        self.write(
            ptr,
            &latin1,
            path,
            format!("Latin-1 prefix of {s:?}, abandoned"),
        );
        let worst = u64::from(utf8_len) * 2;
        let ptr = self.realloc(
            ptr,
            utf8_len,
            2,
            worst,
            format!("string `{path}`: switch to UTF-16, worst case {worst} bytes"),
        )?;
        let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let units = bytes.len() as u32 / 2;
        self.write(ptr, &bytes, path, format!("UTF-16LE code units of {s:?}"));
        let ptr = if worst > u64::from(units) * 2 {
            self.realloc(
                ptr,
                worst as u32,
                2,
                u64::from(units) * 2,
                format!("string `{path}`: shrink to {units} UTF-16 code units"),
            )?
        } else {
            ptr
        };
        Ok((
            ptr,
            units | 1 << 31,
            format!("{units} UTF-16 code units, bit 31 set to say UTF-16"),
        ))
    }
}
