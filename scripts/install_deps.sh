#!/usr/bin/env bash
# Installs every system package ivsim needs to build and test, from Debian's archive only.
# Idempotent and quiet: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  g++ cmake make pkg-config git clang-format
  libboost1.81-dev libboost-program-options1.81-dev
  nlohmann-json3-dev librapidcheck-dev libgtest-dev libgmock-dev libssl-dev
  # Headless Chromium renders the HTML report in the tests (tests/e2e/html_report.sh).
  chromium
  # The PostgreSQL state source (libpqxx) and the throwaway test cluster (scripts/postgres.sh).
  postgresql-15 libpq-dev libpqxx-dev
)
# node and npm run the local SQS server (scripts/sqs_server). They are often installed outside
# dpkg (nvm, a tarball, a CI image), so look for the commands rather than the packages.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install_deps.sh: missing packages ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "install_deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for the dpkg lock instead of failing when another apt-get (unattended upgrades, a
# parallel set-up) holds it.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
