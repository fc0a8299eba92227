//! parse → validate → render, for any bytes: must return a PDF or a clean error, never
//! panic, hang or blow up memory. Run with `bench/fuzz.sh` (see the README).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use minplan::{Audience, Engine, Request, VersionKind};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let style = minplan::style::Style::default_layout().expect("the built-in layout loads");
        Engine::new(style).expect("the bundled fonts load")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    // The widest view and the narrowest, plus the signature page.
    // The widest view (with the signature page where the input is a first contract
    // version, else the acknowledgement page; either may be refused) and the narrowest.
    let widest = Request::new(Audience::Jobcenter, VersionKind::Current);
    for request in [
        widest.with_signature(),
        widest.with_acknowledgement(),
        Request::new(Audience::Akasse, VersionKind::Historical),
    ] {
        if let Ok(pdf) = engine().render(json, request) {
            assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
        }
    }
});
