#!/usr/bin/env bash
# Set up and serve: venv, install, migrate, load divisions and the seed bank, first admin, gunicorn.
set -euo pipefail
cd "$(dirname "$0")"

source scripts/setup_venv.sh
setup_venv

mkdir -p instance
if [ -z "${SECRET_KEY:-}" ] && [ ! -s instance/secret_key ]; then
  (umask 077; .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key)
fi

export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask divisions load
.venv/bin/flask bank seed
.venv/bin/flask content load
.venv/bin/flask staff ensure-city-admin

echo "服务地址：http://127.0.0.1:${PORT:-8000}/"
exec .venv/bin/gunicorn wsgi:app \
  --bind "127.0.0.1:${PORT:-8000}" \
  --workers "${WEB_WORKERS:-$(( $(nproc) * 2 ))}" --threads "${WEB_THREADS:-4}" --worker-class gthread \
  --timeout 30 --graceful-timeout 10 --access-logfile - --log-level info
