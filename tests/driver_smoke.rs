#![cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn body_exists() {
    assert!(web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .is_some());
}
