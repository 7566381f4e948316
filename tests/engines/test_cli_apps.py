"""The ``gallery``, ``chapters`` and ``lab`` subcommands, and the shipped notebooks."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from neuroexplore import cli, cli_apps

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_folders_are_the_repository_folders():
    """One copy of each notebook: the package's apps/chapters link to widgets/notebooks."""
    assert cli_apps.APPS_DIR.resolve() == (ROOT / "widgets").resolve()
    assert cli_apps.CHAPTERS_DIR.resolve() == (ROOT / "notebooks").resolve()
    assert [p.name for p in cli_apps.app_notebooks()] == sorted(
        p.name for p in (ROOT / "widgets").glob("*.ipynb"))
    assert "index.ipynb" in {p.name for p in cli_apps.app_notebooks()}


def test_package_data_ships_apps_and_chapters():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {"apps/*.ipynb", "chapters/*.ipynb"} <= set(data["package-data"]["neuroexplore"])
    excluded = data["packages"]["find"]["exclude"]
    assert {"neuroexplore.apps*", "neuroexplore.chapters*"} <= set(excluded)


def test_help_lists_the_subcommands():
    out = subprocess.run([sys.executable, "-m", "neuroexplore", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for name in ("gallery", "chapters", "lab", "course"):
        assert name in out


def test_gallery_dry_run_prints_the_voila_command(capsys):
    assert cli.main(["gallery", "--dry-run"]) == 0
    line = capsys.readouterr().out.strip()
    assert "-m voila" in line and str(cli_apps.APPS_DIR) in line
    for opt in ("--Voila.ip=127.0.0.1", "--preheat_kernel=True", "--pool_size=1",
                "--theme=light", "--KernelManager.transport=ipc", "--port=8866"):
        assert opt in line
    assert cli.main(["gallery", "--dry-run", "--port", "9001", "--ip", "0.0.0.0"]) == 0
    line = capsys.readouterr().out
    assert "--port=9001" in line and "--Voila.ip=0.0.0.0" in line


def test_gallery_settings_match_make_app():
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^app:.*\n((?:\t.*\n)+)", text, re.M).group(1)
    words = shlex.split(recipe.replace("\\\n", " "))
    make_opts = {w for w in words if w.startswith("--") and not w.startswith("--port=")}
    cmd_opts = {o for o in cli_apps.gallery_command() if o.startswith("--")}
    cmd_opts = {o for o in cmd_opts if not o.startswith("--port=")}
    assert make_opts == cmd_opts


def test_chapters_copies_every_chapter(tmp_path, capsys):
    out = tmp_path / "my_chapters"
    assert cli.main(["chapters", str(out)]) == 0
    expected = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert len(expected) >= 10
    assert sorted(p.name for p in out.iterdir()) == expected
    first = out / expected[0]
    assert first.read_bytes() == (ROOT / "notebooks" / expected[0]).read_bytes()
    # existing files are kept unless --force
    first.write_text("mine")
    capsys.readouterr()
    assert cli.main(["chapters", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert first.read_text() == "mine"
    assert cli.main(["chapters", str(out), "--force"]) == 0
    assert first.read_bytes() == (ROOT / "notebooks" / expected[0]).read_bytes()


def test_lab_dry_run(tmp_path, capsys):
    assert cli.main(["lab", str(tmp_path), "--dry-run"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith(f"-m jupyterlab {tmp_path}")


def test_gallery_serving_settings_in_the_command():
    """Idle culling, the kernel cap and the websocket message cap reach voila."""
    cmd = cli_apps.gallery_command()
    assert "--MappingKernelManager.cull_idle_timeout=1800" in cmd
    assert "--MappingKernelManager.cull_connected=False" in cmd
    assert ("--VoilaConfiguration.multi_kernel_manager_class="
            "neuroexplore.serving.CappedKernelManager") in cmd
    assert "--CappedKernelManager.max_kernels=60" in cmd
    assert ('--Voila.tornado_settings={"websocket_max_message_size":67108864,'
            '"static_immutable_cache":["/voila/labextensions/"]}') in cmd
    cmd = cli_apps.gallery_command(cull_idle_minutes=5, max_kernels=3, max_message_mb=8)
    assert "--MappingKernelManager.cull_idle_timeout=300" in cmd
    assert "--CappedKernelManager.max_kernels=3" in cmd
    assert '--Voila.tornado_settings={"websocket_max_message_size":8388608,' in " ".join(cmd)
    # 0 turns culling off (jupyter_server: a timeout <= 0 disables the culler)
    assert "--MappingKernelManager.cull_idle_timeout=0" in cli_apps.gallery_command(
        cull_idle_minutes=0)


def test_voila_parses_the_serving_settings():
    """Voila reads each option into the trait it is meant for (types included)."""
    from traitlets.config import Config
    from voila.app import Voila

    app = Voila()
    app.parse_command_line(cli_apps.gallery_command(max_kernels=7)[4:])
    assert app.tornado_settings == {"websocket_max_message_size": 64 * 1024 * 1024,
                                    "static_immutable_cache": ["/voila/labextensions/"]}
    assert app.ip == "127.0.0.1"
    cfg = app.config
    assert isinstance(cfg, Config)
    assert cfg.VoilaConfiguration.extension_denylist == ["ipylab", "jupyterlab-jupytext"]
    # the labs' own front ends stay loaded
    assert not {"jupyterlab-plotly", "@jupyter-widgets/jupyterlab-manager"} & set(
        cfg.VoilaConfiguration.extension_denylist)
    from neuroexplore.serving import CappedKernelManager

    km = CappedKernelManager(config=cfg)
    assert km.max_kernels == 7

    assert km.cull_idle_timeout == 1800 and km.cull_interval == 60
    assert km.cull_connected is False
    assert (cfg.VoilaConfiguration.multi_kernel_manager_class
            == "neuroexplore.serving.CappedKernelManager")


def test_gallery_help_documents_each_setting():
    out = subprocess.run([sys.executable, "-m", "neuroexplore", "gallery", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for opt in ("--ip", "--cull-idle-minutes", "--max-kernels", "--max-message-mb"):
        assert opt in out
    assert "127.0.0.1" in out and "503" in out


def test_gallery_rejects_bad_settings(capsys):
    assert cli.main(["gallery", "--dry-run", "--max-kernels", "-1"]) == 2
    assert "max_kernels" in capsys.readouterr().err
    assert cli.main(["gallery", "--dry-run", "--cull-idle-minutes", "-5"]) == 2
    assert "cull_idle_minutes" in capsys.readouterr().err
    assert cli.main(["gallery", "--dry-run", "--max-message-mb", "0"]) == 2
    assert "max_message_mb" in capsys.readouterr().err
    assert cli.main(["gallery", "--dry-run", "--max-kernels", "12",
                     "--cull-idle-minutes", "10", "--max-message-mb", "16"]) == 0
    line = capsys.readouterr().out
    assert "--CappedKernelManager.max_kernels=12" in line
    assert "cull_idle_timeout=600" in line
    assert "16777216" in line
