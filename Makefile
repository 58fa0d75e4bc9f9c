# Two commands do everything on a fresh clone: `make run` and `make test`.
# Both install from the lock files in requirements/ (exact versions with their hashes), so two
# offices installing a month apart get the same code; only `holidays` floats within the range
# pyproject.toml gives it, so the next years' holidays keep arriving.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check
RUNTIME_LOCK := requirements/runtime.lock
TEST_LOCK := requirements/test.lock
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
HOLIDAYS = $(shell $(PY) -c 'import tomllib; print(next(d for d in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"] if d.startswith("holidays")))')

.PHONY: run test bench demo verify-audit lock clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): $(PY) pyproject.toml $(RUNTIME_LOCK)
	$(PIP) install --require-hashes --no-deps -r $(RUNTIME_LOCK)
	$(PIP) install --no-deps '$(HOLIDAYS)'
	$(PIP) install --no-deps -e .
	@touch $@

$(TEST_STAMP): $(RUNTIME_STAMP) $(TEST_LOCK)
	$(PIP) install --require-hashes --no-deps -r $(TEST_LOCK)
	@touch $@

run: $(RUNTIME_STAMP)
	$(PY) -m bot

demo: $(RUNTIME_STAMP)
	$(PY) -m bot demo

# Two workers: the suite waits on subprocesses, LibreOffice and a browser as much as it computes.
test: $(TEST_STAMP)
	$(PY) -m pytest -n 2

bench: $(TEST_STAMP)
	$(PY) -m bench

verify-audit: $(RUNTIME_STAMP)
	$(PY) -m bot verify-audit

# Renews the lock files after a change of pyproject.toml's dependencies (needs the package index).
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --unsafe-package holidays \
		--no-emit-index-url --no-emit-find-links -o $(RUNTIME_LOCK) pyproject.toml
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --unsafe-package holidays \
		--no-emit-index-url --no-emit-find-links --extra test -o $(TEST_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .venv-lock build *.egg-info
