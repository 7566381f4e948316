"""Every module imports on its own in a fresh interpreter, and the package's front door works."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import neuroexplore

MODULES = sorted(m.name for m in pkgutil.walk_packages(neuroexplore.__path__, "neuroexplore."))


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)


def test_every_module_imports_alone_in_a_fresh_interpreter():
    # one interpreter per module would cost minutes; a fresh interpreter per module is
    # what catches an import cycle, so each is imported first in its own subprocess
    # (batched: one subprocess runs them one after another, each after a clean purge)
    code = (
        "import importlib, sys\n"
        f"mods = {MODULES!r}\n"
        "failed = []\n"
        "for name in mods:\n"
        "    for k in [k for k in sys.modules if k.split('.')[0] == 'neuroexplore']:\n"
        "        sys.modules.pop(k)\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    res = _run(code)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("name", ["neurons", "networks", "devices", "systems"])
def test_numpy_engines_do_not_import_torch(name):
    res = _run(f"import sys, neuroexplore.{name}; print('torch' in sys.modules)")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False"


def test_front_door_gives_lazy_access_to_the_subpackages():
    res = _run(
        "import sys, neuroexplore as ne\n"
        "assert 'neuroexplore.neurons' not in sys.modules\n"
        "f = ne.neurons.simulate\n"
        "assert callable(f)\n"
        "assert 'torch' not in sys.modules\n"
        "ne.crossbar.CrossbarConfig\n"
        "print(sorted(ne.__all__))\n"
    )
    assert res.returncode == 0, res.stderr
    for sub in ("neurons", "networks", "devices", "crossbar", "systems", "applications",
                "perspectives", "widgets", "datasets", "params"):
        assert f"'{sub}'" in res.stdout


def test_every_subpackage_declares_its_public_names():
    for m in pkgutil.iter_modules(neuroexplore.__path__):
        if m.ispkg:
            mod = __import__(f"neuroexplore.{m.name}", fromlist=["__all__"])
            assert isinstance(getattr(mod, "__all__", None), list | tuple), m.name
            for public in mod.__all__:
                assert getattr(mod, public) is not None, f"{m.name}.{public}"


def test_readme_api_example_runs(repo_root):
    text = (repo_root / "README.md").read_text(encoding="utf-8")
    section = text.split("## The Python API in one screen", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    res = _run(code)
    assert res.returncode == 0, res.stderr
