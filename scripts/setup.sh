#!/usr/bin/env bash
# Installs what the control room needs on a Debian 12 machine, then builds the front end.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Debian packages: WebKitGTK and friends for Tauri, Xvfb/WebKitWebDriver/ImageMagick for tests.
PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev librsvg2-bin build-essential pkg-config libssl-dev
  xvfb xauth webkit2gtk-driver imagemagick fonts-dejavu-core fonts-noto-core
  nodejs npm curl
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (as on our build machines): keep it if it is there.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing; install it with rustup (https://rustup.rs) and run this again" >&2
  exit 1
fi

# rustfmt and clippy check the code's shape in the tests.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  echo "setup: adding rustfmt and clippy to the Rust toolchain"
  rustup component add rustfmt clippy
fi

# tauri-driver drives the real window in the end-to-end tests (2.x: crates.io's newest is an alpha).
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver 2.1.0"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi

echo "setup: building the front end"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
