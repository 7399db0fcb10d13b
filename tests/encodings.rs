//! The reader's own Windows-1252 and UTF-16 decoders agree with encoding_rs, the reference
//! implementation of the WHATWG Encoding Standard (kept as a dev-dependency for this).

use proptest::prelude::*;
use scwres::read::{decode_utf16, decode_windows_1252};

#[test]
fn windows_1252_matches_encoding_rs_for_every_byte() {
    let all: Vec<u8> = (0..=255u8).collect();
    let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
    assert_eq!(decode_windows_1252(&all), expected);
}

proptest! {
    #[test]
    fn windows_1252_matches_encoding_rs(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        prop_assert_eq!(decode_windows_1252(&bytes), expected);
    }

    #[test]
    fn utf16_le_matches_encoding_rs(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let (expected, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes);
        prop_assert_eq!(decode_utf16(&bytes, u16::from_le_bytes), expected);
    }

    #[test]
    fn utf16_be_matches_encoding_rs(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let (expected, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes);
        prop_assert_eq!(decode_utf16(&bytes, u16::from_be_bytes), expected);
    }

    #[test]
    fn utf16_surrogate_pairs_match_encoding_rs(units in proptest::collection::vec(prop_oneof![0xD800u16..0xE000, 0u16..0x80, 0xE000u16..=0xFFFF], 0..60)) {
        let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        let (expected, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes);
        prop_assert_eq!(decode_utf16(&bytes, u16::from_le_bytes), expected);
    }
}
