"""The one export style of a subpackage whose modules are heavy (torch, numba).

A subpackage lists its public names once, each with the module that defines it, and
gets an explicit ``__all__`` plus a module ``__getattr__`` that imports the defining
module on first use::

    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        "CrossbarArray": ".array",
        "evaluate": ".evaluate",
    })

Light subpackages import eagerly and write ``__all__`` by hand; both styles give an
explicit ``__all__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``(__all__, __getattr__, __dir__)`` for ``package`` exporting ``exports`` lazily.

    ``exports`` maps each public name to the relative module (``".array"``) that
    defines it; the module is imported when the name is first read, and the value is
    cached in the package's namespace.
    """
    import sys

    clashes = sorted(name for name, module in exports.items() if module == f".{name}")
    if clashes:
        # importing a submodule binds it on the package under its own name, which
        # would hide the exported object of the same name: name modules differently
        raise ValueError(f"{package}: public name(s) {clashes} share their module's name")
    names = list(exports)

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return names, __getattr__, __dir__
