"""Pattern recognition on device arrays: the device table beside its baselines.

References: chance level of 10 classes; the ideal crossbar computes ``W x`` exactly
(Ohm + Kirchhoff), so ex situ it must reproduce the float model's accuracy; the
software (float-weight) in-situ network; the preset that generated the bundled
synthetic measurement (a device fitted to it must behave like that preset); a
hand-computed Spearman coefficient.  Small settings keep the file fast.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

import numpy as np
import pytest

from neuroexplore.applications import pattern_recognition as pr
from neuroexplore.devices import presets

SMALL = dict(epochs_in_situ=2, epochs_ex_situ=20, repeats=1)


@pytest.fixture(scope="module")
def table():
    return pr.accuracy_table(seed=0, **SMALL)


def test_every_preset_beats_chance_and_the_ideal_matches_float(table):
    """Stated margins, measured with SMALL settings (seed 0).

    Ex situ: every preset >= chance + 60 points (worst measured: TaOx/HfOx 79-80 %).
    In situ (NeuroSim protocol, 2 epochs): the ideal device within 1.5 points of the
    float-weight network (88.2 vs 89.1 %: its weights are clipped to (-1, 1)); the
    near-linear devices with many states learn (GST PCM 78.7 %, EpiRAM 69.1 %), the
    few-state noisy AlOx/HfO2 (10.9 %) and the strongly nonlinear PCMO (12.7 %) stay
    near chance, as in NeuroSim's published table (~20 % and ~33 % on MNIST).
    """
    assert [r.name for r in table.rows] == list(presets())
    pub = pr.published_accuracy()
    for r in table.rows:
        assert r.ex_situ_plain >= pr.CHANCE_LEVEL + 0.6, r.name
        assert r.ex_situ_hwa >= pr.CHANCE_LEVEL + 0.6, r.name
        assert 0.0 <= r.in_situ <= 1.0
        assert r.published == pub.get(r.name)
    assert table.row("ideal").published is None
    ideal = table.row("ideal")
    # the crossbar engine's ideal device is continuous: I = G^T V reproduces W x
    assert ideal.ex_situ_plain == pytest.approx(table.float_plain, abs=1.5 / 450)
    assert ideal.ex_situ_hwa == pytest.approx(table.float_hwa, abs=1.5 / 450)
    assert abs(ideal.in_situ - table.float_in_situ) <= 0.015
    for good in ("GST PCM", "EpiRAM Ag:SiGe"):
        assert table.row(good).in_situ >= pr.CHANCE_LEVEL + 0.5, good
    for bad in ("PCMO", "AlOx/HfO2"):
        assert table.row(bad).in_situ <= pr.CHANCE_LEVEL + 0.1, bad
    assert table.float_plain > 0.9 and table.float_in_situ > 0.8
    assert table.settings["protocol"] == "neurosim" and table.settings["readout"] == "1bit"


def test_ranking_and_csv_export(table):
    ranking = table.ranking("ex_situ_plain")
    assert sorted(ranking) == sorted(presets())
    acc = [table.row(n).ex_situ_plain for n in ranking]
    assert acc == sorted(acc, reverse=True)
    rows = list(csv.reader(io.StringIO(
        "\n".join(ln for ln in table.to_csv().splitlines() if not ln.startswith("#")))))
    assert rows[0][0] == "device" and rows[0][-1] == "published_neurosim_pct"
    assert len(rows) == 1 + len(presets())
    by_name = {r[0]: r for r in rows[1:]}
    assert float(by_name["ideal"][rows[0].index("in_situ_pct")]) == pytest.approx(
        100 * table.row("ideal").in_situ, abs=0.01)
    pub = pr.published_accuracy()
    for r in rows[1:]:
        v = pub.get(r[0])
        assert r[-1] == ("" if v is None else f"{100 * v:.2f}")
    with pytest.raises(ValueError, match="column"):
        table.ranking("speed")


def test_fitted_device_behaves_like_the_preset_it_was_measured_from():
    """The bundled sample is a synthetic HZO FeFET cycle (seed 2025); its NeuroSim fit
    must land within 1 point (ex situ) and 5 points (in situ, pair protocol) of that
    preset.  (With the NeuroSim protocol a 32-state device sits where most per-image
    updates round to zero: one seed can land the two near-identical devices far apart,
    10 % against 49.6 % at seed 0, so the fit is checked with the pair protocol.)

    In situ the margin is wider because this device's accuracy swings from epoch to
    epoch (preset, seed 0: 64.7 % after 2 epochs, 54.2 % after 3); measured here:
    fitted 61.3 %, preset 64.7 %; ex situ both 96.0 %.
    """
    path = resources.files("neuroexplore").joinpath("data", "sample_pulse_measurement.csv")
    fitted = pr.device_from_measurement(str(path), name="my FeFET")
    assert fitted.name == "my FeFET" and fitted.states_ltp == 32
    tab = pr.accuracy_table([fitted, "HZO FeFET"], seed=0, protocol="pair",
                            readout="analog", **SMALL)
    mine, ref = tab.row("my FeFET"), tab.row("HZO FeFET")
    assert abs(mine.in_situ - ref.in_situ) <= 0.05
    assert abs(mine.ex_situ_plain - ref.ex_situ_plain) <= 0.01
    assert mine.published is None


def test_measurement_of_the_wrong_kind_is_refused(tmp_path):
    f = tmp_path / "ppf.csv"
    f.write_text("interval,ppf\n10,1.5\n20,1.4\n40,1.3\n80,1.2\n160,1.1\n")
    with pytest.raises(ValueError, match="pulse response"):
        pr.device_from_measurement(str(f))


def test_bundled_published_table_is_neurosim_v3_table_ii():
    """The values of MLP+NeuroSim V3.0 user manual (2019), sec. 9, Table II, as given
    there (approximate "~" values entered as given and flagged), each with its source."""
    pub = pr.published_accuracy()
    text = resources.files("neuroexplore").joinpath("data", pr.PUBLISHED_FILE).read_text()
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert any("V3.0" in ln and "Table II" in ln for ln in header)
    expected = {"Ag:a-Si": 72, "TaOx/HfOx": 80, "PCMO": 33, "AlOx/HfO2": 20, "GST PCM": 89,
                "EpiRAM Ag:SiGe": 92, "HZO FeFET": 88}
    names = [n for n in presets() if n != "ideal"]
    assert sorted(pub.values) == sorted(names) == sorted(expected)
    for n in names:
        assert pub.values[n] == pytest.approx(expected[n] / 100)
        assert pub.source[n] and pub.network[n] == "400-100-10 MLP"
        assert pub.dataset[n] == "MNIST"
        assert "MLP+NeuroSim V3.0 user manual (2019), sec. 9, Table II" in pub.detail[n]
    approximate = {n for n in names if "approximate" in pub.detail[n]}
    assert approximate == {"Ag:a-Si", "TaOx/HfOx", "PCMO", "AlOx/HfO2"}
    assert pub.unavailable == []


def test_rank_comparison_reports_spearman(table, tmp_path):
    """Against the bundled table: scipy's Spearman over the 7 published devices (the
    ideal device has no published value); against a user's table: the textbook formula
    1 - 6 sum d^2 / (n (n^2 - 1)) computed by hand (no ties)."""
    from scipy.stats import spearmanr

    bundled = pr.compare_with_published(table)
    names7 = [r.name for r in table.rows if r.name != "ideal"]
    assert bundled.devices == tuple(names7) and bundled.unavailable == ("ideal",)
    pub = pr.published_accuracy()
    ref = spearmanr([table.row(n).in_situ for n in names7], [pub.get(n) for n in names7])
    assert bundled.rho == pytest.approx(ref.statistic, abs=1e-12)
    assert "Spearman" in bundled.summary() and f"{bundled.rho:.2f}" in bundled.summary()
    # too few devices: no rho, and the reason says so
    few = pr.rank_comparison({"GST PCM": 0.9, "PCMO": 0.1, "ideal": 0.95})
    assert few.rho is None and "2 of 3" in few.reason
    # a user's table (values made up for the test only, one device tied to nobody)
    names = ["GST PCM", "EpiRAM Ag:SiGe", "TaOx/HfOx", "AlOx/HfO2", "PCMO"]
    made_up = [90.0, 80.0, 70.0, 60.0, 50.0]
    lines = ["name,accuracy_percent,network,dataset,source,source_detail"]
    lines += [f"{n},{v},net,data,test,row" for n, v in zip(names, made_up, strict=True)]
    f = tmp_path / "pub.csv"
    f.write_text("\n".join(lines) + "\n")
    user = pr.load_published_accuracy(f)
    cmp = pr.compare_with_published(table, user, column="in_situ")
    ours = np.array([table.row(n).in_situ for n in names])
    rank_ours = np.argsort(np.argsort(-ours))
    rank_pub = np.argsort(np.argsort(-np.array(made_up)))
    d = rank_ours - rank_pub
    n = len(names)
    if len(set(ours)) == n:  # the textbook formula holds without ties
        assert cmp.rho == pytest.approx(1 - 6 * np.sum(d**2) / (n * (n**2 - 1)), abs=1e-12)
    assert cmp.rho == pytest.approx(spearmanr(ours, made_up).statistic, abs=1e-12)
    assert set(cmp.unavailable) == {"Ag:a-Si", "HZO FeFET", "ideal"}
    assert cmp.devices == tuple(r.name for r in table.rows if r.name in names)


def test_spearman_by_hand_with_a_tie():
    """rank_comparison on a hand example: ours (0.9, 0.5, 0.5, 0.1) has a tie (average
    ranks 1, 2.5, 2.5, 4); published (89, 92, 20, 33) % ranks 2, 1, 4, 3.  Pearson of
    the rank vectors (means 2.5): cov = 1.5, var = 4.5 and 5, so
    rho = 1.5 / sqrt(22.5) = 0.316228 (computed by hand); scipy agrees."""
    from scipy.stats import spearmanr

    ours = {"GST PCM": 0.9, "EpiRAM Ag:SiGe": 0.5, "AlOx/HfO2": 0.5, "PCMO": 0.1}
    cmp = pr.rank_comparison(ours)
    r1 = np.array([1, 2.5, 2.5, 4.0])
    r2 = np.array([2, 1, 4, 3.0])
    by_hand = np.corrcoef(r1, r2)[0, 1]
    assert by_hand == pytest.approx(1.5 / np.sqrt(22.5), abs=1e-12)
    assert cmp.rho == pytest.approx(by_hand, abs=1e-12)
    assert cmp.rho == pytest.approx(spearmanr([0.9, 0.5, 0.5, 0.1], [89, 92, 20, 33])
                                    .statistic, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "match"),
    [("name,accuracy_percent\nA,50\n", "lacks the columns"),
     ("name,accuracy_percent,network,dataset,source,source_detail\nA,50,n,d,,x\n",
      "needs its source"),
     ("name,accuracy_percent,network,dataset,source,source_detail\nA,high,n,d,s,x\n",
      "not a number"),
     ("name,accuracy_percent,network,dataset,source,source_detail\nA,150,n,d,s,x\n",
      r"outside \[0, 100\]")],
)
def test_malformed_published_tables(text, match):
    with pytest.raises(ValueError, match=match):
        pr.load_published_accuracy(io.StringIO(text))


def test_callback_reports_progress_and_cancels():
    seen = []

    def cb(step, total, metrics):
        seen.append((step, total, metrics["stage"], metrics["device"]))
        return metrics["device"] != "PCMO"

    tab = pr.accuracy_table(["GST PCM", "PCMO", "ideal"], seed=0, callback=cb, **SMALL)
    assert tab.cancelled
    assert [r.name for r in tab.rows] == ["GST PCM"]
    total = 1 + 2 + 3 * (1 + 2)
    assert all(t == total for _, t, _, _ in seen)
    assert [s for s, *_ in seen] == list(range(1, len(seen) + 1))
    assert seen[0][2] == "float baselines" and seen[-1][3] == "PCMO"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"epochs_in_situ": 0}, "epochs_in_situ"), ({"noise_std": 0.9}, "noise_std"),
     ({"repeats": 50}, "repeats"), ({"bogus": 1}, "bogus")],
)
def test_bad_settings_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pr.accuracy_table(["ideal"], **kwargs)


def test_unknown_devices():
    with pytest.raises(ValueError, match="unknown device preset"):
        pr.accuracy_table(["unobtainium"], **SMALL)
    with pytest.raises(ValueError, match="PulseDevice"):
        pr.accuracy_table([42], **SMALL)
    with pytest.raises(ValueError, match="at least one"):
        pr.accuracy_table([], **SMALL)


def test_device_curve_is_the_presets_pulse_response():
    from neuroexplore.devices import get_device

    dev = get_device("Ag:a-Si")
    curve = pr.device_curve("Ag:a-Si", c2c_scale=2.0)
    g = dev.pulse_response(dev.states_ltp)  # noiseless: LTP from g_min, then LTD
    n = dev.states_ltp
    np.testing.assert_allclose(curve.level[: n + 1], (g[: n + 1] - dev.g_min) /
                               (dev.g_max - dev.g_min), atol=1e-12)
    assert curve.level.size == n + dev.states_ltd + 1 and curve.c2c == pytest.approx(0.07)
    assert curve.level[n] == pytest.approx(1.0) and curve.level[-1] == pytest.approx(0.0)
    small = pr.device_curve("Ag:a-Si", states=10)
    assert (small.states_ltp, small.states_ltd) == (10, 10)
    with pytest.raises(ValueError, match="states = 1"):
        pr.device_curve("Ag:a-Si", states=1)


def test_preview_specs_match_the_crossbar_config_and_no_torch_at_import():
    import subprocess
    import sys

    from neuroexplore.crossbar import CrossbarConfig

    cfg = {s.name: s for s in CrossbarConfig.SPECS}
    for spec in pr.PREVIEW_SPECS:
        ref = cfg[spec.name]
        assert (spec.default, spec.low, spec.high, spec.unit) == (
            ref.default, ref.low, ref.high, ref.unit)
    assert pr.run_settings("full") == {**pr.run_settings(), **pr.FULL_SETTINGS}
    code = ("import sys, neuroexplore.applications.pattern_recognition as p; "
            "p.device_curve('GST PCM'); p.published_accuracy(); "
            "assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
