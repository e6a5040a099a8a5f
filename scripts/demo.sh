#!/usr/bin/env bash
# Sets everything up, then opens the control room on the built-in demo (a live simulator of the
# center's API running inside the app).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo run --release --quiet -- "$@"
