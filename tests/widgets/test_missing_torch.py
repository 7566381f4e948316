"""Without torch, the crossbar and perspectives labs say how to install it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from neuroexplore.widgets.base import Lab, missing_extra_lab, missing_extra_text

# torch made unimportable the way a missing install is (``sys.modules['torch'] = None``
# would also break scipy's array-API checks, which look torch up in sys.modules)
_NO_TORCH = textwrap.dedent("""
    import json, sys

    class _NoTorch:
        def find_spec(self, name, path=None, target=None):
            if name == "torch" or name.startswith("torch."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _NoTorch())
    for mod in [m for m in sys.modules if m == "torch" or m.startswith("torch.")]:
        del sys.modules[mod]
    import ipywidgets
    from neuroexplore.widgets import CrossbarLab, NeuronLab, PerspectivesLab

    out = {}
    for cls in (CrossbarLab, PerspectivesLab):
        lab = cls()
        out[cls.__name__] = [isinstance(lab, ipywidgets.VBox), lab.error]
    out["neuron"] = NeuronLab().error
    out["torch_loaded"] = "torch" in sys.modules
    print(json.dumps(out))
""")


@pytest.mark.slow
def test_labs_without_torch_show_the_install_hint():
    proc = subprocess.run([sys.executable, "-c", _NO_TORCH], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    for name in ("CrossbarLab", "PerspectivesLab"):
        is_widget, error = out[name]
        assert is_widget
        assert error.startswith(f"{name} needs PyTorch")
        assert "install neuroexplore[torch]" in error
        assert "ModuleNotFoundError" not in error
    assert out["neuron"] == ""  # the torch-free labs are untouched
    assert out["torch_loaded"] is False


def test_missing_extra_lab_is_a_lab_with_the_message():
    exc = ModuleNotFoundError("No module named 'torch'", name="torch")
    cls = missing_extra_lab("CrossbarLab", exc)
    lab = cls(any_argument=1)
    assert cls.__name__ == "CrossbarLab" and isinstance(lab, Lab)
    assert lab.error == missing_extra_text(exc, "CrossbarLab")
    assert "install neuroexplore[torch]" in lab.error
    # a shared link keeps the hint in the message area; restoring a state says why not
    hint = lab.error
    assert lab.apply_url("?device=AlOx%2FHfO2&ir.size=32") == [] and lab.error == hint
    with pytest.raises(ValueError, match="install neuroexplore"):
        cls.from_state({"lab": "CrossbarLab", "device": "AlOx/HfO2"})


def test_guarded_callback_turns_missing_torch_into_the_hint():
    lab = Lab([])

    def needs_torch():
        raise ModuleNotFoundError("No module named 'torch.nn'", name="torch.nn")

    def needs_other():
        raise ModuleNotFoundError("No module named 'foo'", name="foo")

    lab.guarded(needs_torch)()
    assert "install neuroexplore[torch]" in lab.error
    lab.guarded(needs_other)()
    assert lab.error == "ModuleNotFoundError: No module named 'foo'"


def test_other_missing_modules_still_raise(monkeypatch):
    import importlib

    import neuroexplore.widgets as widgets

    real = importlib.import_module

    def fake(name, package=None):
        if name == ".crossbar_lab":
            raise ModuleNotFoundError("No module named 'foo'", name="foo")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ModuleNotFoundError, match="foo"):
        widgets.__getattr__("CrossbarLab")


def test_gallery_marks_the_labs_that_need_torch(monkeypatch):
    import importlib.util

    from neuroexplore.widgets import gallery

    needing = {a.notebook for a in gallery.APPS if "torch" in a.needs}
    assert needing == {"crossbar_lab.ipynb", "perspectives_lab.ipynb", "design_lab.ipynb"}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    page = gallery.Gallery().children[1].value
    cards = page.split('<div class="neuroexplore-card"')[1:]
    assert len(cards) == len(gallery.APPS)
    for app, card in zip(gallery.APPS, cards, strict=True):
        marked = "install neuroexplore[torch]" in card
        assert marked == (app.notebook in needing), app.notebook
    monkeypatch.setattr(importlib.util, "find_spec", real)
    if real("torch") is not None:
        assert "neuroexplore-needs" not in gallery.Gallery().children[1].value
