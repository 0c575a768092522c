#!/usr/bin/env bash
# Install the test extras and run the whole suite on SQLite, then on PostgreSQL when
# TEST_DATABASE_URL is set. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/setup_venv.sh
setup_venv "[test]"

# Browser tests drive Debian's Chromium (never a downloaded browser), with a CJK font so that
# the screenshots under tests/artifacts/ show Chinese as residents' phones do.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

echo "== 代码检查：ruff =="
.venv/bin/ruff check .

pg_url="${TEST_DATABASE_URL:-}"
echo "== 测试：SQLite =="
env -u TEST_DATABASE_URL .venv/bin/python -m pytest "$@"
if [ -n "$pg_url" ]; then
  echo "== 测试：PostgreSQL =="
  TEST_DATABASE_URL="$pg_url" .venv/bin/python -m pytest "$@"
fi
