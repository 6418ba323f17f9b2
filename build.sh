#!/usr/bin/env bash
# Segment Access Kit — one entry point for setting up, building, testing and
# demonstrating the extension. Setup is its own phase: `setup` installs what is
# missing (and nothing else does); `test`, `demo` and `bench` run it first,
# explicitly, so they work on a fresh Debian machine. `build` and `lint` only
# check that setup was done and say so when it was not.
#
#   ./build.sh setup     install toolchains and packages (only what is missing)
#   ./build.sh build     release wasm + wasm2js builds; dist/extension (Chrome), dist/firefox, and
#                        dist/segment-access-kit-<version>-{chrome,firefox,source}.zip
#   ./build.sh lint      cargo fmt --check, clippy -D warnings, web-ext lint
#   ./build.sh test      setup, build, lint, native tests, browser tests, end-to-end tests (Chromium, then Firefox)
#   ./build.sh browser   only the wasm-bindgen-test suite in headless Chromium (tests/*.rs)
#   ./build.sh test-firefox  build, then only the Firefox flows
#   ./build.sh demo      build, then show the extension on the replica page (headless: the README's
#                        screenshots in docs/screenshots/)
#   ./build.sh replica   serve the replica page on 127.0.0.1 for manual use
#   ./build.sh bench     benchmarks that print figures (no pass/fail); --save-baseline makes this run
#                        the "previous build" of tests/bench/baseline.json
#   ./build.sh fuzz [s]  coverage-guided fuzzing of the input parser and template import, s seconds each (default 60; not in CI)
#   ./build.sh sizes     where the bytes of the last build go (twiggy, installed on first use; not in CI)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$PWD

WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_LD=/usr/lib/llvm-22/bin/wasm-ld
NPM_BIN=$ROOT/node_modules/.bin
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

# --- toolchain -------------------------------------------------------------

# Where a rustup toolchain has the wasm32 target we use it; otherwise Debian's
# rustc-web builds std for wasm32 from source (rustup cannot download here).
rustup_has_wasm() { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }

# Runs cargo for the wasm32 target with the right toolchain and flags.
# target-cpu=mvp: no reference types or bulk memory, which wasm2js needs.
# WASM_RUSTFLAGS: more flags for this build only (core_build's release-only ones).
wasm_cargo() {
  local flags="-C target-cpu=mvp ${WASM_RUSTFLAGS:-}"
  if rustup_has_wasm; then
    CARGO_TARGET_DIR=$ROOT/target/wasm RUSTFLAGS="$flags" cargo "$@" --target wasm32-unknown-unknown
  else
    CARGO_TARGET_DIR=$ROOT/target/wasm RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS="$flags -C linker=$WASM_LD" \
      /usr/bin/cargo "$@" --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
  fi
}

missing_debs() {
  local want=(chromium chromium-driver firefox-esr)
  rustup_has_wasm || want+=(rustc-web cargo-web rust-web-src lld-22)
  command -v node >/dev/null && command -v npm >/dev/null || want+=(nodejs npm)
  local p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

setup() {
  step "setup: checking what is missing"
  local debs
  debs=$(missing_debs)
  if [ -n "$debs" ]; then
    step "setup: apt-get install $(echo $debs)"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $debs
  else
    note "Debian packages: present"
  fi
  if ! command -v cargo >/dev/null; then
    echo "error: no cargo on PATH; install Rust with rustup first" >&2; exit 1
  fi
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
    step "setup: cargo install wasm-bindgen-cli $WB_VERSION (one-off, ~10 min)"
    # No --locked: the registry mirror lacks some versions the CLI's lock pins.
    cargo install wasm-bindgen-cli --version "=$WB_VERSION"
  else
    note "wasm-bindgen-cli $WB_VERSION: present"
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "setup: npm ci"
    npm ci --no-audit --no-fund
  else
    note "npm packages: present"
  fi
}

# What `setup` would still install, one word each (empty when done).
setup_missing() {
  local debs
  debs=$(missing_debs)
  [ -z "$debs" ] || echo "Debian packages ($(echo $debs))"
  [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ] || echo "wasm-bindgen-cli $WB_VERSION"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "npm packages"
  fi
}

# Stops with a clear message when setup has not been run (build never installs).
require_setup() {
  local missing
  missing=$(setup_missing)
  if [ -n "$missing" ]; then
    echo "error: setup is not complete; missing: $(echo $missing | tr '\n' ' ')" >&2
    echo "       run ./build.sh setup first" >&2
    exit 1
  fi
}

# --- build -----------------------------------------------------------------

BUILD=$ROOT/build
DIST=$ROOT/dist/extension

# One release build of the crate with only `features`' entry points (Cargo.toml), copied to
# $BUILD/<stem>.wasm. Release builds never show a panic message: where std is built from source
# (-Zbuild-std) it is built for size, panics abort at once without formatting anything, and no
# source locations are kept. (A prebuilt rustup std keeps its panic machinery.)
core_build() {
  local features=$1 stem=$2
  step "build: Rust → wasm32 (release, features: $features)"
  if rustup_has_wasm; then
    wasm_cargo build --release --lib --no-default-features --features "$features"
  else
    WASM_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
      wasm_cargo build --release --lib --no-default-features --features "$features" \
      -Zbuild-std-features=optimize_for_size
  fi
  cp "$ROOT/target/wasm/wasm32-unknown-unknown/release/access_kit.wasm" "$BUILD/$stem.wasm"
}

# wasm-bindgen (bundler target) then binaryen for size: $BUILD/<stem>/{<stem>.js,<stem>_bg.js,<stem>_bg.wasm}.
core_bindgen() {
  local stem=$1
  step "build: wasm-bindgen + wasm-opt ($stem)"
  wasm-bindgen --target bundler --out-dir "$BUILD/$stem" "$BUILD/$stem.wasm"
  "$NPM_BIN/wasm-opt" -Oz --converge --strip-debug --strip-producers \
    "$BUILD/$stem/${stem}_bg.wasm" -o "$BUILD/$stem/${stem}_bg.wasm"
}

# The wasm ES-module entry of a bindgen output: it fetches and instantiates the .wasm next to it
# (the bundler glue's static wasm import, rewritten). Writes $BUILD/<stem>/<stem>.wasm.js.
# With `early`, the in-page core's entry: it takes the module the content script's loader already
# compiles (extension/content.js) and marks the ready time's steps (src/ui/dom.rs `mark`).
core_wasm_entry() {
  local stem=$1 early=${2:-}
  local glue="$BUILD/$stem/$stem.js"
  local import_line="import * as wasm from \"./${stem}_bg.wasm\";"
  grep -qF "$import_line" "$glue" || { echo "error: unexpected wasm-bindgen glue in $glue" >&2; exit 1; }
  {
    echo "import * as bg from \"./${stem}_bg.js\";"
    if [ -n "$early" ]; then
      echo "const early = globalThis[Symbol.for('segment-access-kit.wasm-module')];"
      echo 'const module = (early && (await early.catch(() => null))) || (await WebAssembly.compile('
      echo "  await (await fetch(new URL(\"${stem}_bg.wasm\", import.meta.url))).arrayBuffer()));"
      echo "performance.mark('access-kit:compiled');"
      echo "const wasm = (await WebAssembly.instantiate(module, { \"./${stem}_bg.js\": bg })).exports;"
      echo "performance.mark('access-kit:instantiated');"
    else
      echo "const module = await WebAssembly.compile("
      echo "  await (await fetch(new URL(\"${stem}_bg.wasm\", import.meta.url))).arrayBuffer());"
      echo "const wasm = (await WebAssembly.instantiate(module, { \"./${stem}_bg.js\": bg })).exports;"
    fi
    grep -vF "$import_line" "$glue"
  } > "$BUILD/$stem/$stem.wasm.js"
}

# binaryen's JavaScript translation of an in-page module (pages whose CSP forbids wasm in content
# scripts): the same glue, importing the translation instead. Writes $BUILD/js/<stem>/.
core_wasm2js() {
  local stem=$1
  local pkg="$BUILD/$stem" out="$BUILD/js/$stem"
  mkdir -p "$out" && cp "$pkg/${stem}_bg.js" "$pkg/$stem.js" "$out/"
  # wasm2js grows memory by swapping in a new ArrayBuffer without detaching
  # the old one, so the glue's "byteLength === 0" staleness test never fires
  # and its cached views would read freed memory. Compare buffers instead.
  # (The DataView test asks `buffer.detached`, which is false for the old buffer.)
  sed -i -E -e 's/(cached[A-Za-z0-9]+Memory0)\.byteLength === 0/\1.buffer !== wasm.memory.buffer/g' \
    -e 's/(cached[A-Za-z0-9]+Memory0)\.buffer\.detached === true \|\| \(\1\.buffer\.detached === undefined && \1\.buffer !== wasm\.memory\.buffer\)/\1.buffer !== wasm.memory.buffer/g' \
    "$out/${stem}_bg.js"
  if grep -Eq 'Memory0\.byteLength === 0|Memory0\.buffer\.detached' "$out/${stem}_bg.js"; then
    echo "error: could not patch the wasm2js glue's memory views ($stem)" >&2; exit 1
  fi
  # The translation keeps the .wasm file name so the glue's import resolves
  # unchanged; esbuild is told to read it as JavaScript.
  "$NPM_BIN/wasm2js" -Oz "$pkg/${stem}_bg.wasm" -o "$out/${stem}_bg.wasm"
}

build() {
  require_setup
  rm -rf "$BUILD" && mkdir -p "$BUILD"
  # One crate built four times, so no build ships another's code: the in-page core (content
  # script: route controller, launcher, panel shell, guard), the in-page feature module (the tabs
  # and the template control, loaded on first use; the parse benchmark), the options page's core
  # and the toolbar popup's.
  core_build content access_kit
  core_build tabs access_kit_tabs
  core_build pages access_kit_pages
  core_build popup access_kit_popup
  core_bindgen access_kit
  core_bindgen access_kit_tabs
  core_bindgen access_kit_pages
  core_bindgen access_kit_popup

  step "build: wasm entries"
  core_wasm_entry access_kit early
  core_wasm_entry access_kit_tabs
  core_wasm_entry access_kit_pages
  core_wasm_entry access_kit_popup

  step "build: wasm2js entries"
  core_wasm2js access_kit
  core_wasm2js access_kit_tabs

  step "build: bundle into $DIST"
  rm -rf "$DIST" && mkdir -p "$DIST/core" "$DIST/pages" "$DIST/popup"
  cp extension/content.js extension/background.js extension/options.html extension/options.js \
     extension/popup.html extension/popup.js extension/profile.json "$DIST/"
  cp -r extension/_locales "$DIST/"
  node extension/pack/icons.mjs "$DIST/icons"
  local esbuild=("$NPM_BIN/esbuild" --bundle --format=esm --minify --target=chrome120,firefox128 --log-level=warning)
  # core/: what content scripts load (web-accessible to app.segment.com): kit-* is the in-page
  # core, tabs-* the feature module (extension/content.js's `load`).
  local stem name
  for stem in access_kit access_kit_tabs; do
    name=kit; [ "$stem" = access_kit ] || name=tabs
    cp "$BUILD/$stem/${stem}_bg.wasm" "$DIST/core/"
    "${esbuild[@]}" "$BUILD/$stem/$stem.wasm.js" --outfile="$DIST/core/$name-wasm.js"
    "${esbuild[@]}" "$BUILD/js/$stem/$stem.js" --loader:.wasm=js --outfile="$DIST/core/$name-wasm2js.js"
  done
  # pages/ (options page) and popup/ (toolbar popup): what the extension's own pages load (not
  # web-accessible).
  cp "$BUILD/access_kit_pages/access_kit_pages_bg.wasm" "$DIST/pages/"
  "${esbuild[@]}" "$BUILD/access_kit_pages/access_kit_pages.wasm.js" --outfile="$DIST/pages/kit.js"
  cp "$BUILD/access_kit_popup/access_kit_popup_bg.wasm" "$DIST/popup/"
  "${esbuild[@]}" "$BUILD/access_kit_popup/access_kit_popup.wasm.js" --outfile="$DIST/popup/kit.js"
  package
}

# dist/extension (Chrome, loaded unpacked by the e2e suite) and dist/firefox differ only in
# their manifests (extension/pack/manifests.mjs); each zip holds exactly one of them.
DIST_FIREFOX=$ROOT/dist/firefox

package() {
  step "build: packages"
  node extension/pack/manifests.mjs chrome "$DIST/manifest.json"
  rm -rf "$DIST_FIREFOX" && cp -r "$DIST" "$DIST_FIREFOX"
  node extension/pack/manifests.mjs firefox "$DIST_FIREFOX/manifest.json"
  local version name
  version=$(node -p 'require("./extension/manifest.json").version')
  name=$ROOT/dist/segment-access-kit-$version
  rm -f "$ROOT"/dist/*.zip
  (cd "$DIST" && python3 -m zipfile -c "$name-chrome.zip" .)
  (cd "$DIST_FIREFOX" && python3 -m zipfile -c "$name-firefox.zip" .)
  # What a store reviewer needs to rebuild core/ (generated: wasm, wasm2js, glue) from Rust.
  local sources=(BUILDING.md README.md Cargo.toml Cargo.lock build.sh build.rs package.json package-lock.json src extension)
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files --cached --others --exclude-standard -- "${sources[@]}")
  else
    mapfile -t files < <(find "${sources[@]}" -type f | sort)
  fi
  python3 - "$name-source.zip" "${files[@]}" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[2:]:
        z.write(f, f)  # keep the path (python -m zipfile -c would flatten files)
PY
  note "extension: $DIST (Chrome), $DIST_FIREFOX (Firefox)"
  (cd "$DIST" && for f in core/* pages/* popup/*; do
    printf '    %-32s %8d bytes, %8d gzipped\n' "$f" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
  done)
  # What an Access Management page loads: the core on every visit, the feature module on first use.
  gz_sum() { (cd "$DIST/core" && for f in "$@"; do gzip -9c "$f" | wc -c; done) | awk '{n += $1} END {print n}'; }
  local c t
  c=$(gz_sum kit-wasm.js access_kit_bg.wasm); t=$(gz_sum tabs-wasm.js access_kit_tabs_bg.wasm)
  printf '    in-page wasm, gzipped:    core %7d + feature module %7d = %7d\n' "$c" "$t" $((c + t))
  c=$(gz_sum kit-wasm2js.js); t=$(gz_sum tabs-wasm2js.js)
  printf '    in-page wasm2js, gzipped: core %7d + feature module %7d = %7d\n' "$c" "$t" $((c + t))
  ls -l "$ROOT"/dist/*.zip | awk '{n=split($9, p, "/"); printf "    %-40s %8d bytes\n", p[n], $5}'
}

# --- replica ----------------------------------------------------------------

build_replica() {
  require_setup
  step "replica: bundle www/ into www/dist"
  node www/build.mjs
}

# --- checks -----------------------------------------------------------------

lint() {
  require_setup
  step "lint: cargo fmt --check"
  cargo fmt --check
  step "lint: cargo clippy -D warnings (native)"
  CARGO_TARGET_DIR=$ROOT/target/native cargo clippy --all-targets -- -D warnings
  [ -f "$DIST_FIREFOX/manifest.json" ] || build
  step "lint: web-ext lint dist/firefox (zero errors and zero warnings)"
  "$NPM_BIN/web-ext" lint --source-dir "$DIST_FIREFOX" --output json --no-input > "$BUILD/web-ext-lint.json" || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const m of [...r.errors, ...r.warnings]) console.log(`    ${m._type}: ${m.code} ${m.message} (${m.file || "-"})`);
    console.log(`    web-ext lint: ${r.count} messages, ${r.summary.errors} errors, ${r.summary.warnings} warnings`);
    process.exit(r.summary.errors === 0 && r.summary.warnings === 0 ? 0 : 1);' "$BUILD/web-ext-lint.json"
  step "lint: README screenshots taken from this code"
  node tests/demo-provenance.mjs --check
}

native_tests() {
  step "test: native cargo test (pure core, driver model)"
  CARGO_TARGET_DIR=$ROOT/target/native cargo test
}

browser_tests() {
  step "test: wasm-bindgen-test in headless Chromium (page driver)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=30 \
    wasm_cargo test --test '*'
}

# Files run two at a time (one per core), each with its own browser.
E2E_CONCURRENCY=${E2E_CONCURRENCY:-2}

e2e_tests() {
  build_replica
  step "test: end-to-end (Playwright + Debian Chromium, built extension unchanged; $E2E_CONCURRENCY files at a time)"
  node --test --test-concurrency="$E2E_CONCURRENCY" tests/e2e/
}

firefox_tests() {
  build_replica
  step "test: Firefox flows (puppeteer-core over WebDriver BiDi + Debian firefox-esr, the Firefox zip installed)"
  local t0=$SECONDS
  node --test --test-concurrency=1 tests/e2e-firefox/
  note "Firefox suite: $((SECONDS - t0)) s"
}

run_tests() {
  setup
  build
  lint
  native_tests
  browser_tests
  e2e_tests
  firefox_tests
}

# --- fuzzing (not part of CI) ------------------------------------------------

FUZZ_TARGETS=(input template_import)

# cargo-fuzz builds with sanitizer and coverage flags that need nightly
# features: stable with RUSTC_BOOTSTRAP=1 provides them here.
fuzz() {
  local secs=${1:-60}
  [[ $secs =~ ^[0-9]+$ ]] || { echo "usage: ./build.sh fuzz [seconds per target]" >&2; exit 2; }
  if ! command -v cargo-fuzz >/dev/null; then
    step "fuzz: cargo install cargo-fuzz (one-off)"
    cargo install cargo-fuzz --locked
  fi
  local t
  for t in "${FUZZ_TARGETS[@]}"; do
    step "fuzz: $t for ${secs} s (corpus fuzz/corpus/$t, seeds fuzz/seeds/$t)"
    mkdir -p "fuzz/corpus/$t"
    # The first directory collects what the run finds; fuzz/seeds is the small corpus kept in git.
    (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$secs" -max_len=16384 -rss_limit_mb=4096 -timeout=10 -print_final_stats=1)
  done
  note "crashes, if any, are in fuzz/artifacts/<target>/ (replay: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>)"
}

# --- sizes (not part of CI) -------------------------------------------------

TWIGGY_VERSION=0.8.0

# Reads the last build's linked modules (build/*.wasm); builds nothing.
sizes() {
  if [ ! -f "$BUILD/access_kit.wasm" ] || [ ! -f "$BUILD/access_kit_tabs.wasm" ] || [ ! -f "$BUILD/access_kit_pages.wasm" ]; then
    echo "error: no build/access_kit{,_tabs,_pages}.wasm; run ./build.sh build first" >&2
    exit 1
  fi
  if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
    step "sizes: cargo install twiggy $TWIGGY_VERSION (one-off)"
    cargo install --locked twiggy --version "=$TWIGGY_VERSION"
  fi
  node tests/bench/sizes.mjs "$@"
}

demo() {
  setup
  build
  build_replica
  step "demo: the extension on the replica page"
  node tests/demo.mjs
}

cmd=${1:-help}
case "$cmd" in
  setup) setup ;;
  build) build ;;
  lint) lint ;;
  browser) require_setup; browser_tests ;;
  test) run_tests ;;
  test-firefox) build; firefox_tests ;;
  demo) demo ;;
  replica) setup; build_replica; node www/serve.mjs ;;
  bench) setup; build; build_replica; node tests/bench/run.mjs "${@:2}" ;;
  fuzz) fuzz "${2:-60}" ;;
  sizes) sizes "${@:2}" ;;
  *) sed -n '2,21p' "$0"; [ "$cmd" = help ] || exit 2 ;;
esac
