#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver for the console's browser tests (*BrowserIT), only when missing.
# Idempotent; needs root (as on CI and the developers' machines). Without them the browser tests skip, or fail
# under -Dairouter.require-all=true.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
