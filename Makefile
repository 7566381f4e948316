# neuroexplore: every target creates .venv in the repo root when it is missing
# and installs what it needs.  The CPU build of torch is installed first, so
# that nothing later pulls the multi-GB CUDA build.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP  := $(VENV)/.neuroexplore-installed
TORCH_CPU ?= torch==2.13.0
PORT   ?= 8866

.PHONY: help venv app lab test test-fast bench lint browser clean strip sync binder-lock

help:
	@echo "make app    serve the Voila gallery on http://127.0.0.1:$(PORT)"
	@echo "make lab    JupyterLab on notebooks/"
	@echo "make test   install everything and run the whole suite"
	@echo "make bench  run the benchmarks against the peer libraries"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -q "$(TORCH_CPU)" || $(PIP) install -q "torch>=2.2" --index-url https://download.pytorch.org/whl/cpu
	$(PIP) install -q -e ".[all]"
	touch $@

venv: $(STAMP)

app: $(STAMP)
	$(BIN)/voila widgets/ --port=$(PORT) --no-browser --Voila.ip=127.0.0.1 \
	    --KernelManager.transport=ipc --preheat_kernel=True --pool_size=1 --theme=light \
	    --VoilaKernelManager.preheat_denylist=/chapters/ \
	    --VoilaConfiguration.extension_denylist=ipylab \
	    --VoilaConfiguration.extension_denylist=jupyterlab-jupytext \
	    --MappingKernelManager.cull_idle_timeout=1800 --MappingKernelManager.cull_interval=60 \
	    --MappingKernelManager.cull_connected=False \
	    --VoilaConfiguration.multi_kernel_manager_class=neuroexplore.serving.CappedKernelManager \
	    --CappedKernelManager.max_kernels=60 \
	    '--Voila.tornado_settings={"websocket_max_message_size":67108864,"static_immutable_cache":["/voila/labextensions/"]}'

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Chromium for the UI tests: Debian's package when root, else Playwright's own.
browser: $(STAMP)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(BIN)/python -m playwright install chromium; fi

lint: $(STAMP)
	$(BIN)/ruff check neuroexplore tests benchmarks tools notebooks

# Engines, widgets and notebooks in parallel; then the real-browser tests on their own,
# so that Voila's kernels and Chromium do not compete with the rest of the suite.
test: $(STAMP) browser lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not ui"
	$(BIN)/python -m pytest -m ui

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not ui and not notebook"

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb widgets/*.ipynb

# Chapters are edited as notebooks/NN_name.py (jupytext percent); this writes the
# paired .ipynb (or the .py, from a notebook edited in Jupyter), then strips outputs.
sync: $(STAMP)
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	$(BIN)/nbstripout notebooks/*.ipynb

# binder/constraints.txt pins every package Binder installs (binder/requirements.txt): the
# apps and torch extras of pyproject.toml, resolved by uv for Binder's Python
# (binder/runtime.txt) on Linux x86-64, torch as the CPU build (+cpu) of TORCH_CPU.  Pins
# already in the file are kept; LOCK_UPGRADE=--upgrade moves them all to the newest
# releases.  Where the PyTorch CPU index is not reachable, point TORCH_WHEELS at a folder
# holding the +cpu wheel (make binder-lock TORCH_WHEELS=/opt/wheels).
TORCH_WHEELS  ?= https://download.pytorch.org/whl/cpu/torch/
BINDER_PYTHON  = $(patsubst python-%,%,$(shell cat binder/runtime.txt))
LOCK_UPGRADE  ?=

binder-lock: $(STAMP)
	echo "$(TORCH_CPU)+cpu" > $(VENV)/binder-torch.txt
	$(BIN)/uv pip compile pyproject.toml --extra apps --extra torch --extra design \
	    --constraint $(VENV)/binder-torch.txt --find-links $(TORCH_WHEELS) $(LOCK_UPGRADE) \
	    --python-version $(BINDER_PYTHON) --python-platform x86_64-manylinux_2_28 \
	    --custom-compile-command "make binder-lock" --output-file binder/constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
