# Two commands for a new user:  `make demo` (install + sample CRM + one draft + serve)
# and `make test` (install + ruff + mypy + the whole test suite).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The CPU build of torch, installed before anything that depends on it so that no CUDA packages are pulled in.
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
PYTEST_ARGS ?=
# llama-cpp-python compiles llama.cpp from source. Left alone it compiles for the building CPU
# (-march=native); on CPUs with AMX (Intel Sapphire Rapids and later) that enables ggml's AMX kernels,
# which crash the process (SIGSEGV in ggml_backend_amx_mul_mat) on the embedded Q4_1 model. On x86-64
# we therefore build for AVX2/FMA/F16C (x86-64-v3), which every such CPU runs, once per machine: the
# wheel is kept in a folder named by the version and flags, because pip's own wheel cache is keyed by
# the source archive alone and would hand back a wheel built with other flags.
LLAMA_CPP_SPEC ?= llama-cpp-python==0.3.36
LLAMA_CMAKE_ARGS ?= $(if $(filter x86_64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
WHEEL_CACHE ?= $(HOME)/.cache/crm-copilot/wheels
LLAMA_WHEEL_DIR := $(WHEEL_CACHE)/$(shell printf '%s|%s' '$(LLAMA_CPP_SPEC)' '$(LLAMA_CMAKE_ARGS)' | sha1sum | cut -c1-12)
# Browser tests drive Debian's Chromium (never a downloaded browser); set SUDO=sudo when not root.
CHROMIUM := /usr/bin/chromium
SUDO ?=

.PHONY: install demo test lint typecheck unit clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"
	ls $(LLAMA_WHEEL_DIR)/*.whl >/dev/null 2>&1 || CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" \
		$(BIN)/pip wheel --no-deps --no-cache-dir -w $(LLAMA_WHEEL_DIR) "$(LLAMA_CPP_SPEC)"
	$(BIN)/pip install $(LLAMA_WHEEL_DIR)/*.whl
	$(BIN)/pip install -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/copilot demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y chromium

unit: install $(CHROMIUM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

clean:
	rm -rf $(VENV) .copilot
