#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need on a fresh Debian machine:
#   - chromium (Debian package) for headless rendering, screenshots and PDF printing
#   - fonts-dejavu-core, so text renders on a machine without fonts
#   - axe-core from npm, pinned, into a cache directory outside the repo
#   - the docs site's JavaScript (mermaid, pinned in package.json / package-lock.json) with
#     `npm ci` into the repository's node_modules/, so the docs draw diagrams with no network
# Idempotent: anything already there is left alone.  Prints what it did.
# The axe directory is ${CAREKIT_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/carekit/axe};
# tests find axe.min.js there (or at $CAREKIT_AXE).
# Python packages (websocket-client, pypdf) come from the project's test extra, not from here.
set -euo pipefail

AXE_VERSION="4.10.3"
AXE_DIR="${CAREKIT_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/carekit/axe}"

say() { printf 'install-browser: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; exit 1
  fi
}

apt_packages=()
if command -v chromium >/dev/null 2>&1; then
  say "chromium already installed: $(chromium --version 2>/dev/null || echo unknown version)"
else
  apt_packages+=(chromium)
fi
if ! dpkg -s fonts-dejavu-core >/dev/null 2>&1; then apt_packages+=(fonts-dejavu-core); fi
if ! command -v npm >/dev/null 2>&1; then apt_packages+=(npm); fi

if [ "${#apt_packages[@]}" -gt 0 ]; then
  say "apt-get install ${apt_packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    "${apt_packages[@]}" >/dev/null
  say "installed ${apt_packages[*]}"
else
  say "no Debian packages needed"
fi

installed_axe=""
if [ -f "$AXE_DIR/node_modules/axe-core/package.json" ]; then
  installed_axe="$(node -p "require('$AXE_DIR/node_modules/axe-core/package.json').version" 2>/dev/null || true)"
fi
if [ "$installed_axe" = "$AXE_VERSION" ]; then
  say "axe-core $AXE_VERSION already in $AXE_DIR"
else
  mkdir -p "$AXE_DIR"
  say "npm install axe-core@$AXE_VERSION into $AXE_DIR (had: ${installed_axe:-none})"
  npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --no-package-lock \
    --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
fi
test -f "$AXE_DIR/node_modules/axe-core/axe.min.js"
say "axe: $AXE_DIR/node_modules/axe-core/axe.min.js"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$REPO_ROOT/package-lock.json" ]; then
  say "npm ci in $REPO_ROOT (docs site JavaScript, pinned by package-lock.json)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  test -f "$REPO_ROOT/node_modules/mermaid/dist/mermaid.min.js"
  say "mermaid: $(node -p "require('$REPO_ROOT/node_modules/mermaid/package.json').version")"
fi
say "done"
