#!/usr/bin/env bash
# Sets everything up, then runs every test: unit and integration tests, then the end-to-end
# tests of the real window under Xvfb (screenshots go to artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

(cd ui && npm test --silent)
cargo test --no-fail-fast

mkdir -p artifacts
CONTROLROOM_E2E=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
  xvfb-run -a -s "-screen 0 1920x1080x24" \
  cargo test --test 'e2e_*' -- --test-threads=1
