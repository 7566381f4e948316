"""The ``gallery``, ``chapters`` and ``lab`` subcommands of the ``neuroexplore`` command.

::

    neuroexplore gallery [--port N] [--ip ADDR] [--cull-idle-minutes M]
                         [--max-kernels K] [--max-message-mb MB] [--dry-run]
    neuroexplore chapters DIR [--force]
    neuroexplore lab [DIR] [--dry-run]

The Voila apps and the chapter notebooks ship inside the package:
``neuroexplore/apps`` and ``neuroexplore/chapters`` are links, in the repository, to
``widgets/`` and ``notebooks/`` (one copy of each notebook), and the wheel holds the
linked ``.ipynb`` files as package data. So the same paths work from a checkout, an
editable install and a wheel.

Examples
--------
>>> sorted(p.name for p in app_notebooks())[:2]
['application_lab.ipynb', 'crossbar_lab.ipynb']
>>> gallery_command(port=9000)[4:12]  # doctest: +NORMALIZE_WHITESPACE
['--port=9000', '--no-browser', '--Voila.ip=127.0.0.1', '--KernelManager.transport=ipc',
 '--preheat_kernel=True', '--pool_size=1', '--theme=light',
 '--VoilaKernelManager.preheat_denylist=/chapters/']
>>> serving_options(cull_idle_minutes=20, max_kernels=0)[:2]
['--MappingKernelManager.cull_idle_timeout=1200', '--MappingKernelManager.cull_interval=60']
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "APPS_DIR",
    "CHAPTERS_DIR",
    "GALLERY_OPTIONS",
    "serving_options",
    "add_parsers",
    "app_notebooks",
    "chapter_notebooks",
    "gallery_command",
    "lab_command",
]

_PACKAGE = Path(__file__).resolve().parent
#: The Voila apps (``widgets/`` in the repository).
APPS_DIR = _PACKAGE / "apps"
#: The chapter notebooks (``notebooks/`` in the repository).
CHAPTERS_DIR = _PACKAGE / "chapters"

#: JupyterLab extensions Voila need not load in an app page (none of the labs uses them).
UNUSED_LABEXTENSIONS = ("ipylab", "jupyterlab-jupytext")
#: URL prefix of the JupyterLab extensions' files Voila serves. Their names carry a
#: content hash, so the browser may keep them (Voila says ``no-cache``: every page would
#: ask again for each of ~40 files, plotly.js's 4.5 MB among them).
LABEXTENSIONS_URL = "/voila/labextensions/"

#: Voila settings shared with ``make app``: preheated kernel pool, light theme, ipc
#: transport (a test checks the Makefile's ``app`` target uses the same ones).
GALLERY_OPTIONS = (
    "--no-browser",
    "--KernelManager.transport=ipc",
    "--preheat_kernel=True",
    "--pool_size=1",
    "--theme=light",
    # the chapters the gallery links to (apps/chapters) render on demand, unheated
    "--VoilaKernelManager.preheat_denylist=/chapters/",
    # JupyterLab extensions a dev environment installs that no app uses: each would be
    # fetched and run by every page (benchmarks/bench_render.py)
    *(f"--VoilaConfiguration.extension_denylist={name}" for name in UNUSED_LABEXTENSIONS),
)
DEFAULT_PORT = 8866
DEFAULT_IP = "127.0.0.1"
#: A kernel with no page connected and no activity for this long is shut down.
DEFAULT_CULL_IDLE_MINUTES = 30
#: Most kernels alive at once, preheated ones included (``0``: no cap). About 200 MB
#: each for the numpy labs, 400 MB with torch: 60 fit in 24 GB.
DEFAULT_MAX_KERNELS = 60
#: Largest websocket message (MB). Above the labs' own 5 MB upload cap with room to
#: spare, so that a 50 MB file reaches the lab and gets its message; a larger
#: message closes the connection (tornado's limit) instead of reaching a kernel.
DEFAULT_MAX_MESSAGE_MB = 64


def serving_options(cull_idle_minutes: float = DEFAULT_CULL_IDLE_MINUTES,
                    max_kernels: int = DEFAULT_MAX_KERNELS,
                    max_message_mb: float = DEFAULT_MAX_MESSAGE_MB) -> list[str]:
    """Voila options for a shared server: idle culling, kernel cap, message size.

    Raises ``ValueError`` naming the parameter when a value is out of range.
    """
    if not cull_idle_minutes >= 0:
        raise ValueError(f"cull_idle_minutes must be >= 0 (0: never), got {cull_idle_minutes}")
    if max_kernels < 0:
        raise ValueError(f"max_kernels must be >= 0 (0: no cap), got {max_kernels}")
    if not max_message_mb > 0:
        raise ValueError(f"max_message_mb must be > 0, got {max_message_mb}")
    idle_s = round(cull_idle_minutes * 60)
    max_bytes = round(max_message_mb * 1024 * 1024)
    return [
        # culling: idle kernels whose page is gone (cull_connected=False keeps open tabs)
        f"--MappingKernelManager.cull_idle_timeout={idle_s}",
        f"--MappingKernelManager.cull_interval={min(60, max(1, idle_s // 2)) if idle_s else 300}",
        "--MappingKernelManager.cull_connected=False",
        # the cap on live kernels, with a 503 "server full" page
        "--VoilaConfiguration.multi_kernel_manager_class="
        "neuroexplore.serving.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={max_kernels}",
        # the largest message, and the extensions' (hashed) files cached by the browser
        "--Voila.tornado_settings=" + json.dumps(
            {"websocket_max_message_size": max_bytes,
             "static_immutable_cache": [LABEXTENSIONS_URL]}, separators=(",", ":")),
    ]


def app_notebooks() -> list[Path]:
    """The Voila app notebooks (``index.ipynb`` is the gallery)."""
    return sorted(APPS_DIR.glob("*.ipynb"))


def chapter_notebooks() -> list[Path]:
    """The chapter notebooks, in chapter order."""
    return sorted(CHAPTERS_DIR.glob("*.ipynb"))


def gallery_command(port: int = DEFAULT_PORT, ip: str = DEFAULT_IP,
                    cull_idle_minutes: float = DEFAULT_CULL_IDLE_MINUTES,
                    max_kernels: int = DEFAULT_MAX_KERNELS,
                    max_message_mb: float = DEFAULT_MAX_MESSAGE_MB,
                    directory: str | Path | None = None) -> list[str]:
    """The ``voila`` command line that serves the gallery (as ``make app`` does).

    *directory* (default :data:`APPS_DIR`) is the folder served; the other
    arguments are those of :func:`serving_options`.
    """
    opts = list(GALLERY_OPTIONS)
    opts.insert(1, f"--Voila.ip={ip}")
    opts += serving_options(cull_idle_minutes, max_kernels, max_message_mb)
    folder = str(directory if directory is not None else APPS_DIR)
    return [sys.executable, "-m", "voila", folder, f"--port={port}", *opts]


def lab_command(directory: str | Path = ".") -> list[str]:
    """The ``jupyter lab`` command line that opens JupyterLab in *directory*."""
    return [sys.executable, "-m", "jupyterlab", str(directory)]


def _run(cmd: list[str], dry_run: bool) -> int:
    if dry_run:
        print(shlex.join(cmd))
        return 0
    try:
        # an argument list built by this module (sys.executable -m voila / jupyterlab and
        # the parsed options), never a shell string: nothing is interpreted by a shell
        return subprocess.call(cmd)  # noqa: S603
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        return 0


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


def _gallery(args: argparse.Namespace) -> int:
    if not app_notebooks():
        print(f"no Voila apps found in {APPS_DIR}", file=sys.stderr)
        return 2
    if not args.dry_run and _missing("voila"):
        print('voila is not installed: pip install "neuroexplore[apps]"', file=sys.stderr)
        return 2
    try:
        cmd = gallery_command(args.port, args.ip, args.cull_idle_minutes,
                              args.max_kernels, args.max_message_mb)
    except ValueError as exc:
        print(f"neuroexplore gallery: {exc}", file=sys.stderr)
        return 2
    return _run(cmd, args.dry_run)


def _chapters(args: argparse.Namespace) -> int:
    sources = chapter_notebooks()
    if not sources:
        print(f"no chapter notebooks found in {CHAPTERS_DIR}", file=sys.stderr)
        return 2
    out = Path(args.dir)
    existing = [out / p.name for p in sources if (out / p.name).exists()]
    if existing and not args.force:
        names = ", ".join(p.name for p in existing)
        print(f"not overwriting {names} in {out} (use --force)", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for p in sources:
        shutil.copyfile(p, out / p.name)
        print(out / p.name)
    return 0


def _lab(args: argparse.Namespace) -> int:
    if not args.dry_run and _missing("jupyterlab"):
        print('jupyterlab is not installed: pip install "neuroexplore[apps]"',
              file=sys.stderr)
        return 2
    return _run(lab_command(args.dir), args.dry_run)


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add ``gallery``, ``chapters`` and ``lab`` to the top-level subparsers."""
    g = subparsers.add_parser(
        "gallery", help="serve the Voila gallery of labs (as `make app` does)",
        description="Serve the Voila gallery: preheated kernel, light theme, loopback, "
                    "idle kernels culled, a cap on kernels and on message size.")
    g.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default: {DEFAULT_PORT})")
    g.add_argument("--ip", default=DEFAULT_IP, metavar="ADDR",
                   help=f"address to listen on (default: {DEFAULT_IP}, this machine only; "
                        "to serve a room give this machine's address on that network, "
                        "or 0.0.0.0 for all)")
    g.add_argument("--cull-idle-minutes", type=float, default=DEFAULT_CULL_IDLE_MINUTES,
                   metavar="M",
                   help="shut down a lab's kernel after M minutes with no activity and no "
                        f"page connected; 0: never (default: {DEFAULT_CULL_IDLE_MINUTES})")
    g.add_argument("--max-kernels", type=int, default=DEFAULT_MAX_KERNELS, metavar="K",
                   help="most kernels alive at once, preheated ones included; one more "
                        "page gets a 'server full' page (HTTP 503); 0: no cap "
                        f"(default: {DEFAULT_MAX_KERNELS})")
    g.add_argument("--max-message-mb", type=float, default=DEFAULT_MAX_MESSAGE_MB,
                   metavar="MB",
                   help="largest websocket message; a larger one closes the connection "
                        "(labs refuse uploads over 5 MB with a message) "
                        f"(default: {DEFAULT_MAX_MESSAGE_MB})")
    g.add_argument("--dry-run", action="store_true", help="print the voila command only")
    g.set_defaults(func=_gallery)

    c = subparsers.add_parser(
        "chapters", help="copy the chapter notebooks into a folder",
        description="Copy the chapter notebooks (.ipynb) into DIR.")
    c.add_argument("dir", metavar="DIR", help="destination folder (created if missing)")
    c.add_argument("--force", action="store_true", help="overwrite existing notebooks")
    c.set_defaults(func=_chapters)

    lab = subparsers.add_parser(
        "lab", help="open JupyterLab in a folder",
        description="Open JupyterLab in DIR (default: the current folder).")
    lab.add_argument("dir", metavar="DIR", nargs="?", default=".",
                     help="folder to open (default: .)")
    lab.add_argument("--dry-run", action="store_true", help="print the command only")
    lab.set_defaults(func=_lab)
