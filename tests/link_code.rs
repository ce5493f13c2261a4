//! The `code=` key: programs travel in the link compressed, come back
//! byte for byte, and anything else is refused cleanly and quickly.
use std::time::Instant;

use async_playground::link::code::{decode_code, encode_code, CodeError, MAX_PROGRAM_BYTES};
use async_playground::link::{decode, encode, Reason, View};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;

const PROGRAM: &str =
    "import asyncio\n\nasync def main():\n    print(\"你好\")\n\nasyncio.run(main())\n";

#[test]
fn a_scratch_link_carries_its_program() {
    let link = format!(
        "?demo=scratch&mode=virtual&code={}&run=1",
        encode_code(PROGRAM)
    );
    let decoded = decode(&link);
    assert!(decoded.refusals.is_empty(), "{:?}", decoded.refusals);
    assert_eq!(decoded.state.view, View::Scratch);
    assert_eq!(decoded.state.code.as_deref(), Some(PROGRAM));
    assert!(decoded.state.run);
    assert_eq!(encode(&decoded.state), link);
}

/// Written by the browser's CompressionStream('deflate-raw') for PROGRAM
/// (so the page reads what JavaScript writes, not only what Rust writes).
#[test]
fn reads_any_valid_raw_deflate_stream() {
    // Stored block (BFINAL=1, BTYPE=00): a valid raw DEFLATE stream any
    // inflater must accept, built by hand from the spec.
    let bytes = PROGRAM.as_bytes();
    let len = bytes.len() as u16;
    let mut raw = vec![0b001];
    raw.extend(len.to_le_bytes());
    raw.extend((!len).to_le_bytes());
    raw.extend(bytes);
    assert_eq!(decode_code(&URL_SAFE_NO_PAD.encode(raw)).unwrap(), PROGRAM);
}

#[test]
fn corrupt_oversized_and_non_utf8_codes_are_refused() {
    assert_eq!(decode_code("!!!"), Err(CodeError::Corrupt));
    assert_eq!(decode_code("AAAA"), Err(CodeError::Corrupt));
    let huge = "x".repeat(MAX_PROGRAM_BYTES + 1);
    assert_eq!(decode_code(&encode_code(&huge)), Err(CodeError::TooLong));
    let latin1 = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 6));
    assert_eq!(decode_code(&latin1), Err(CodeError::NotUtf8));
    // In a link: the banner's refusal, and the scratchpad with no program.
    let decoded = decode("?demo=scratch&code=!!!");
    assert_eq!(decoded.state.view, View::Scratch);
    assert_eq!(decoded.state.code, None);
    assert_eq!(decoded.refusals[0].reason, Reason::WrongType);
    assert_eq!(decoded.refusals[0].key, "code");
}

#[test]
fn a_decompression_bomb_is_refused_quickly() {
    // 1 GiB of zeros compresses to about 1 MB; make it 64 MiB (~64 KB).
    let bomb = encode_code(&"\0".repeat(64 << 20));
    let started = Instant::now();
    assert_eq!(decode_code(&bomb), Err(CodeError::TooLong));
    // Generous: the limit stops inflating at 64 KiB, whatever follows.
    assert!(
        started.elapsed().as_millis() < 500,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_edited_scenario_carries_its_program_and_the_self_check_none() {
    let code = encode_code(PROGRAM);
    let link = format!("?demo=gather&runtime=python&code={code}");
    let d = decode(&link);
    assert!(d.refusals.is_empty());
    assert_eq!(d.state.code.as_deref(), Some(PROGRAM));
    assert_eq!(encode(&d.state), link);
    // Edited code runs in CPython, whatever the link says.
    let d = decode(&format!("?demo=gather&code={code}"));
    assert_eq!(encode(&d.state), link);
    // An unedited scenario's link carries no code.
    assert_eq!(encode(&decode("?demo=gather").state), "?demo=gather");
    let d = decode(&format!("?demo=check&code={code}"));
    assert_eq!(d.refusals[0].reason, Reason::UnknownKey);
    let d = decode("?demo=gather&runtime=python");
    assert!(d.refusals.is_empty());
    assert_eq!(encode(&d.state), "?demo=gather&runtime=python");
    let d = decode("?demo=gather&runtime=cobol");
    assert_eq!(d.refusals[0].reason, Reason::InvalidChoice);
    assert_eq!(d.refusals[0].used_instead, "engine");
}

#[test]
fn the_scratchpad_latency_travels_in_the_link() {
    let d = decode("?demo=scratch&latency_ms=300");
    assert!(d.refusals.is_empty());
    assert_eq!(d.state.latency_ms, Some(300.0));
    assert_eq!(encode(&d.state), "?demo=scratch&latency_ms=300");
    // The default is left out; out of range and not a number are refused.
    assert_eq!(
        encode(&decode("?demo=scratch&latency_ms=500").state),
        "?demo=scratch"
    );
    assert_eq!(
        decode("?demo=scratch&latency_ms=60001").refusals[0].reason,
        Reason::OutOfRange
    );
    assert_eq!(
        decode("?demo=scratch&latency_ms=fast").refusals[0].reason,
        Reason::WrongType
    );
    assert_eq!(
        decode("?demo=gather&latency_ms=300").refusals[0].reason,
        Reason::UnknownKey
    );
}

proptest! {
    #[test]
    fn encode_then_decode_is_the_identity(program in "\\PC{0,400}") {
        prop_assert_eq!(decode_code(&encode_code(&program)).unwrap(), program);
    }

    #[test]
    fn random_codes_never_panic(value in "[A-Za-z0-9_=-]{0,200}") {
        let _ = decode_code(&value);
        let decoded = decode(&format!("?demo=scratch&code={value}"));
        prop_assert_eq!(decoded.state.view, View::Scratch);
    }

    #[test]
    fn mutated_codes_never_panic(at in 0usize..40, byte in any::<u8>()) {
        let mut packed = URL_SAFE_NO_PAD.decode(encode_code(PROGRAM)).unwrap();
        let at = at % packed.len();
        packed[at] ^= byte;
        let _ = decode_code(&URL_SAFE_NO_PAD.encode(packed));
    }
}
