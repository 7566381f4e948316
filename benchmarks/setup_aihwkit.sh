#!/usr/bin/env bash
# Build aihwkit in a virtual environment of its own: benchmarks/.venv-aihwkit (gitignored).
#
# aihwkit 1.2.0 ships only as source for Python 3.11 here, so it is compiled from its
# sdist against the local CPU build of torch (installed FIRST, so that nothing pulls the
# CUDA build) and Debian's OpenBLAS.  The build takes about 6 minutes on 2 cores.
# If the 1.2.0 build fails, the 1.1.0 wheel is installed instead: its C++ tile does not
# load against this torch, but its pure-torch TorchInferenceRPUConfig tile works.
#
# Usage: bash benchmarks/setup_aihwkit.sh     (idempotent: reuses a finished venv)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${AIHWKIT_VENV:-$HERE/.venv-aihwkit}"
PY="$VENV/bin/python"
TORCH_SPEC="${TORCH_CPU:-torch==2.13.0}"
AIHWKIT_VERSION="${AIHWKIT_VERSION:-1.2.0}"

have="$([ -x "$PY" ] && "$PY" -c 'import aihwkit; print(aihwkit.__version__)' 2>/dev/null || true)"
if [ "$have" = "$AIHWKIT_VERSION" ] || { [ -n "$have" ] && [ -n "${AIHWKIT_NO_RETRY:-}" ]; }; then
    echo "aihwkit venv ready: $have"
    exit 0
fi

# System build tools (root only; skipped when present).
need_apt=()
[ -e /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ] || [ -e /usr/include/openblas/cblas.h ] \
    || need_apt+=(libopenblas-dev)
command -v ninja >/dev/null || need_apt+=(ninja-build)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "missing system packages: ${need_apt[*]} (apt-get install them as root)" >&2
    fi
fi

[ -x "$PY" ] || python3 -m venv "$VENV"
PIP=("$PY" -m pip)
"${PIP[@]}" install -q --upgrade pip setuptools wheel
"${PIP[@]}" install -q "$TORCH_SPEC" \
    || "${PIP[@]}" install -q "torch>=2.2" --index-url https://download.pytorch.org/whl/cpu
# Build requirements of the aihwkit sdist (pyproject [build-system]) and its runtime deps.
# mypy provides stubgen, which the build runs after linking the C++ extension.
"${PIP[@]}" install -q "scikit-build>=0.11.1" "cmake>=3.18" "pybind11>=2.6.2" ninja mypy \
    "numpy" "scipy" "requests" "protobuf" "tqdm" "typing_extensions"
export PATH="$VENV/bin:$PATH"

# The build folder is kept inside the venv, so that a failed build resumes where it
# stopped (ninja reuses the compiled objects); it is removed after success.
BUILD="$VENV/aihwkit-build"
mkdir -p "$BUILD"
built=0
if (
    cd "$BUILD"
    ls aihwkit-"$AIHWKIT_VERSION".tar.gz >/dev/null 2>&1 || "${PIP[@]}" download -q --no-deps \
        --no-build-isolation --no-binary :all: "aihwkit==$AIHWKIT_VERSION" -d .
    [ -d "aihwkit-$AIHWKIT_VERSION" ] || tar xzf "aihwkit-$AIHWKIT_VERSION.tar.gz"
    cd "aihwkit-$AIHWKIT_VERSION"
    export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
    "${PIP[@]}" wheel . --no-build-isolation --no-deps -w "$BUILD/wheels"
    "${PIP[@]}" install --no-deps --force-reinstall "$BUILD"/wheels/aihwkit-*.whl
); then
    built=1
    rm -rf "$BUILD"
fi
if [ "$built" = 0 ] && [ -z "$have" ]; then
    echo "aihwkit $AIHWKIT_VERSION did not build; installing the 1.1.0 wheel (torch tile only)" >&2
    "${PIP[@]}" install -q --no-deps "aihwkit==1.1.0"
fi
"$PY" -c "import aihwkit; print('aihwkit', aihwkit.__version__)"
