#!/usr/bin/env bash
# Run here (Debian 12, network to the Debian mirror) before a GPU check: puts
# the header-only dependencies and GoogleTest's sources in .deps/ (ignored by
# git), which the device tool carries to the GPU machine (`carry: [".deps"]`).
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .deps && mkdir -p .deps/debs .deps/root
(cd .deps/debs && apt-get download nlohmann-json3-dev libspdlog-dev libfmt-dev librandom123-dev googletest)
for f in .deps/debs/*.deb; do dpkg -x "$f" .deps/root; done
rm -rf .deps/debs
du -sh .deps
