//! The artifact file wavecall writes, both as a cache entry and with `wavecall compile`.
//!
//! ```text
//! [ Wasmtime's compiled component (an ELF image) ][ component binary, optional ][ trailer ]
//! ```
//!
//! The image comes first so that `Component::deserialize_file` can map the file as it is:
//! Wasmtime reads the ELF through its own headers and ignores what follows it. The trailer is
//! the last [`TRAILER_LEN`] bytes, all little-endian:
//!
//! | bytes | field |
//! | --- | --- |
//! | 0..32 | engine digest: Wasmtime version and every setting that changes code |
//! | 32..64 | digest of the component's source bytes |
//! | 64..96 | BLAKE3 checksum of everything before the trailer |
//! | 96..104 | length of the image |
//! | 104..112 | length of the embedded component binary (0 in cache entries) |
//! | 112..116 | format version |
//! | 116..120 | reserved, zero |
//! | 120..128 | magic `WAVECALL` |

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::{Result, bail, ensure};

use super::Digest;

/// The last bytes of every artifact.
pub const MAGIC: &[u8; 8] = b"WAVECALL";
/// Bumped whenever the layout changes; older artifacts are then recompiled.
pub const FORMAT_VERSION: u32 = 1;
/// Length of the trailer.
pub const TRAILER_LEN: usize = 128;

/// What the trailer says about an artifact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// The engine configuration it was compiled for.
    pub engine: Digest,
    /// The source bytes it was compiled from.
    pub source: Digest,
    /// The checksum of the image and the embedded binary.
    pub checksum: Digest,
    /// Length of the compiled image at the start of the file.
    pub image_len: u64,
    /// Length of the component binary that follows the image.
    pub binary_len: u64,
}

impl Trailer {
    /// Lays the trailer out as bytes.
    pub fn to_bytes(&self) -> [u8; TRAILER_LEN] {
        let mut out = [0; TRAILER_LEN];
        out[0..32].copy_from_slice(&self.engine);
        out[32..64].copy_from_slice(&self.source);
        out[64..96].copy_from_slice(&self.checksum);
        out[96..104].copy_from_slice(&self.image_len.to_le_bytes());
        out[104..112].copy_from_slice(&self.binary_len.to_le_bytes());
        out[112..116].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[120..128].copy_from_slice(MAGIC);
        out
    }

    /// Reads a trailer, checking the magic, the version and that the lengths add up to
    /// `file_len`.
    pub fn parse(bytes: &[u8; TRAILER_LEN], file_len: u64) -> Result<Trailer> {
        ensure!(
            &bytes[120..128] == MAGIC,
            "not an artifact written by wavecall"
        );
        ensure!(
            bytes[116..120] == [0; 4],
            "the artifact's trailer is damaged"
        );
        let version = u32::from_le_bytes(bytes[112..116].try_into().expect("4 bytes"));
        ensure!(
            version == FORMAT_VERSION,
            "artifact format {version} is not the format {FORMAT_VERSION} this wavecall writes"
        );
        let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let digest_at = |at: usize| -> Digest { bytes[at..at + 32].try_into().expect("32 bytes") };
        let trailer = Trailer {
            engine: digest_at(0),
            source: digest_at(32),
            checksum: digest_at(64),
            image_len: u64_at(96),
            binary_len: u64_at(104),
        };
        let expected = trailer
            .image_len
            .checked_add(trailer.binary_len)
            .and_then(|n| n.checked_add(TRAILER_LEN as u64));
        ensure!(
            expected == Some(file_len),
            "the artifact is {file_len} bytes long, but its trailer describes {} bytes",
            expected.map_or("more than 2^64".to_string(), |n| n.to_string())
        );
        Ok(trailer)
    }

    /// Where the embedded component binary lies in the file, if there is one.
    pub fn binary_range(&self) -> Option<(u64, u64)> {
        (self.binary_len > 0).then_some((self.image_len, self.binary_len))
    }
}

/// Builds a complete artifact from a serialized component and, optionally, its binary.
pub fn assemble(image: Vec<u8>, binary: &[u8], engine: Digest, source: Digest) -> Vec<u8> {
    let mut out = image;
    let image_len = out.len() as u64;
    out.extend_from_slice(binary);
    let checksum = *blake3::hash(&out).as_bytes();
    let trailer = Trailer {
        engine,
        source,
        checksum,
        image_len,
        binary_len: binary.len() as u64,
    };
    out.extend_from_slice(&trailer.to_bytes());
    out
}

/// Whether bytes start like an artifact (Wasmtime images are ELF files).
pub fn looks_like_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x7fELF")
}

/// Reads and checks the trailer of an open artifact file.
pub fn read_trailer(file: &mut File) -> Result<Trailer> {
    let len = file.metadata()?.len();
    if len < TRAILER_LEN as u64 {
        bail!("the artifact is {len} bytes long, too short for a trailer");
    }
    let mut bytes = [0; TRAILER_LEN];
    file.seek(SeekFrom::Start(len - TRAILER_LEN as u64))?;
    file.read_exact(&mut bytes)?;
    Trailer::parse(&bytes, len)
}

/// Checks the trailer of an artifact held in memory; returns it and the part it covers.
pub fn split(bytes: &[u8]) -> Result<(Trailer, &[u8])> {
    let Some(at) = bytes.len().checked_sub(TRAILER_LEN) else {
        bail!(
            "the artifact is {} bytes long, too short for a trailer",
            bytes.len()
        );
    };
    let trailer = Trailer::parse(
        bytes[at..].try_into().expect("trailer length"),
        bytes.len() as u64,
    )?;
    let body = &bytes[..at];
    ensure!(
        *blake3::hash(body).as_bytes() == trailer.checksum,
        "the artifact's checksum does not match its contents"
    );
    Ok((trailer, body))
}

/// Checks the checksum of an artifact file against its trailer, reading it once.
pub fn verify_checksum(file: &mut File, trailer: &Trailer) -> Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let mut body = file.take(trailer.image_len + trailer.binary_len);
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        hasher.update(&buf[..n]);
    }
    ensure!(
        *hasher.finalize().as_bytes() == trailer.checksum,
        "the artifact's checksum does not match its contents"
    );
    Ok(())
}

/// Reads the component binary embedded in an artifact file.
pub fn read_range(path: &Path, (offset, len): (u64, u64)) -> Result<Vec<u8>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut out = vec![0; usize::try_from(len)?];
    file.read_exact(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_round_trips() {
        let bytes = assemble(b"\x7fELF image".to_vec(), b"binary", [1; 32], [2; 32]);
        let (trailer, body) = split(&bytes).unwrap();
        assert_eq!(trailer.engine, [1; 32]);
        assert_eq!(trailer.source, [2; 32]);
        assert_eq!(trailer.binary_range(), Some((10, 6)));
        assert_eq!(body, b"\x7fELF imagebinary");
    }

    #[test]
    fn any_flipped_byte_is_caught() {
        let bytes = assemble(b"\x7fELF image".to_vec(), b"binary", [1; 32], [2; 32]);
        // The two digests at the start of the trailer are not covered by the checksum; the
        // caller compares them with the ones it expects.
        let trailer_start = bytes.len() - TRAILER_LEN;
        for at in (0..trailer_start).chain(trailer_start + 64..bytes.len()) {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(split(&bad).is_err(), "flip at byte {at} went unnoticed");
        }
        assert!(
            split(&bytes[1..]).is_err(),
            "a truncated artifact went unnoticed"
        );
    }
}
