# Sourced by run.sh and test.sh: make .venv with Python 3.11 or newer ($PYTHON if set) and
# install the project, with the extras given as $1 (e.g. "[test]"), once per pyproject.toml.
setup_venv() {
  local extras="${1:-}" python_bin="${PYTHON:-}" stamp
  if [ -z "$python_bin" ]; then
    for candidate in python3.11 python3.12 python3.13 python3; do
      if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        python_bin="$candidate"; break
      fi
    done
  fi
  [ -n "$python_bin" ] || { echo "需要 Python 3.11 或更高版本" >&2; exit 1; }
  [ -x .venv/bin/python ] || "$python_bin" -m venv .venv
  stamp=.venv/.installed${extras:+-${extras//[^a-z]/}}-$(sha1sum pyproject.toml | cut -c1-12)
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
    touch "$stamp"
  fi
}
