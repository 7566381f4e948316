#!/usr/bin/env bash
# Create benchmarks/.venv-brian2 (gitignored) with Brian2 2.9 for bench_neurons.py.
# Usage: bash benchmarks/setup_brian2.sh     (idempotent: reuses a working venv)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${BRIAN2_VENV:-$HERE/.venv-brian2}"
PY="$VENV/bin/python"
if [ -x "$PY" ] && "$PY" -c "import brian2, Cython" 2>/dev/null; then
    echo "brian2 venv ready: $("$PY" -c 'import brian2; print(brian2.__version__)')"
    exit 0
fi
python3 -m venv "$VENV"
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q "brian2==2.9.*" "numpy<2.4" cython
echo "brian2 venv ready: $("$PY" -c 'import brian2; print(brian2.__version__)')"
