"""Exercise checks of chapters 1 and 2, and the static notebook figures.

Every check is tested against a reference computed here independently of the
exercise code: a closed form, a tight ``solve_ivp`` integration written from the
published equations (/work/shared/reference/neuron_models.md), a brute-force search
or a mean-field estimate.  For each check: the correct answer passes, a wrong one
fails with a hint, ``None`` gives the hint, and malformed answers never raise.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from neuroexplore.exercises import Feedback, as_choices, as_number, ch01, ch02
from neuroexplore.networks import logic_gate, simulate_ei_network, train_perceptron
from neuroexplore.neurons import parameters, preset, simulate
from neuroexplore.widgets import figures

BAD_ANSWERS = ["abc", "", [1.0, 2.0], {"a": 1}, object(), float("nan"), float("inf"), True,
               np.array([1.0, 2.0]), (None,), b"1.5"]


def _is_hint(fb: object) -> bool:
    return (isinstance(fb, Feedback) and not fb and not fb.correct and bool(fb.message)
            and "hint" in fb._repr_html_())


def _is_tick(fb: object) -> bool:
    return isinstance(fb, Feedback) and bool(fb) and "&#10004;" in fb._repr_html_()


# -- Feedback --------------------------------------------------------------------------------


def test_feedback_truthiness_and_html() -> None:
    ok = Feedback(True, "well done", "ex")
    no = Feedback(False, "try <b>again</b>", "ex")
    assert ok and not no
    assert "&#10004;" in ok._repr_html_() and "neuroexplore-feedback-correct" in ok._repr_html_()
    html = no._repr_html_()
    assert "neuroexplore-feedback-hint" in html and "<b>again" not in html  # escaped
    assert "neuroexplore-error" not in html + ok._repr_html_()  # not a lab error
    assert str(ok).startswith("[correct]") and str(no).startswith("[hint]")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3.0), (2.5, 2.5), ("  -1e-3 ", -1e-3), (np.float32(0.5), 0.5), (np.array([4]), 4.0),
     (None, None), (True, None), ("x", None), (float("nan"), None), ([1, 2], None),
     (np.array(["a"]), None), (10**400, None)],
)
def test_as_number(value: object, expected: float | None) -> None:
    assert as_number(value) == expected


def test_as_choices() -> None:
    assert as_choices(" and ,Or") == {"AND", "OR"}
    assert as_choices(("nand",)) == {"NAND"}
    assert as_choices([1, "AND"]) is None and as_choices(3.0) is None and as_choices(None) is None


# -- chapter 1 -------------------------------------------------------------------------------


def test_lif_rheobase_from_parameters_and_simulation() -> None:
    p = {s.name: s.default for s in parameters("lif")}
    rheobase = (p["V_th"] - p["E_L"]) / p["R"]  # steady state E_L + R I reaches V_th
    assert _is_tick(ch01.check_lif_rheobase(rheobase))
    # the engine fires just above and stays silent just below that current
    tr = simulate("lif", current=[[0.98 * rheobase], [1.02 * rheobase]], t_stop=500.0)
    assert [len(s) for s in tr.spike_times][0] == 0 and len(tr.spike_times[1]) > 0
    for wrong in (2 * rheobase, 0.5 * rheobase, p["V_th"] - p["E_L"]):
        fb = ch01.check_lif_rheobase(wrong)
        assert _is_hint(fb) and "V_inf" in fb.message
    assert "wrong sign" in ch01.check_lif_rheobase(-rheobase).message
    assert "too high" in ch01.check_lif_rheobase(2 * rheobase).message


@settings(max_examples=30, deadline=None)
@given(
    E_L=st.floats(-80.0, -55.0),
    gap=st.floats(2.0, 40.0),
    R=st.floats(1.0, 500.0),
)
def test_lif_rheobase_for_any_parameters(E_L: float, gap: float, R: float) -> None:
    V_th = E_L + gap
    expected = (V_th - E_L) / R
    assert ch01.check_lif_rheobase(expected, E_L=E_L, V_th=V_th, R=R, V_reset=E_L)
    assert not ch01.check_lif_rheobase(1.05 * expected, E_L=E_L, V_th=V_th, R=R, V_reset=E_L)


def test_lif_rheobase_bad_parameter_raises_value_error() -> None:
    with pytest.raises(ValueError, match="R = 0.01 MOhm is outside"):
        ch01.check_lif_rheobase(1.0, R=0.01)


def _hh_rhs(t: float, y: np.ndarray, current: float) -> list[float]:
    """Hodgkin-Huxley 1952 from shared/reference/neuron_models.md (mV, ms, uA/cm^2)."""
    V, m, h, n = y
    am = 0.1 * (V + 40) / (1 - math.exp(-(V + 40) / 10))
    bm = 4 * math.exp(-(V + 65) / 18)
    ah = 0.07 * math.exp(-(V + 65) / 20)
    bh = 1 / (1 + math.exp(-(V + 35) / 10))
    an = 0.01 * (V + 55) / (1 - math.exp(-(V + 55) / 10))
    bn = 0.125 * math.exp(-(V + 65) / 80)
    i_ion = 120 * m**3 * h * (V - 50) + 36 * n**4 * (V + 77) + 0.3 * (V + 54.387)
    return [current - i_ion, am * (1 - m) - bm * m, ah * (1 - h) - bh * h,
            an * (1 - n) - bn * n]


def _hh_reference_rate(current: float = 10.0, t_stop: float = 600.0) -> float:
    V0 = -65.0
    am, bm = 0.1 * 25 / (1 - math.exp(-2.5)), 4.0
    ah, bh = 0.07, 1 / (1 + math.exp(3.0))
    an, bn = 0.01 * 10 / (1 - math.exp(-1.0)), 0.125
    y0 = [V0, am / (am + bm), ah / (ah + bh), an / (an + bn)]

    def crossing(t: float, y: np.ndarray, current: float) -> float:
        return y[0]

    crossing.direction = 1.0
    sol = solve_ivp(_hh_rhs, (0.0, t_stop), y0, args=(current,), method="LSODA", rtol=1e-8,
                    atol=1e-10, events=crossing)
    spikes = sol.t_events[0]
    late = spikes[spikes > 200.0]
    return 1000.0 / float(np.mean(np.diff(late)))


def test_hh_rate_check_against_solve_ivp() -> None:
    reference = _hh_reference_rate()
    assert 60.0 < reference < 75.0  # the squid axon fires at ~68 Hz at 10 uA/cm^2
    assert ch01.hh_rate(10.0) == pytest.approx(reference, rel=5e-3)
    assert _is_tick(ch01.check_hh_rate(reference))
    assert _is_tick(ch01.check_hh_rate(1.04 * reference))
    for wrong in (0.9 * reference, 1.1 * reference, 10.0, 1000.0 / reference):
        fb = ch01.check_hh_rate(wrong)
        assert _is_hint(fb) and "inter-spike interval" in fb.message
    with pytest.raises(ValueError, match="current = 500"):
        ch01.check_hh_rate(60.0, current=500.0)


def _fhn_max_real_eigenvalue(I: float, a: float = 0.7, b: float = 0.8, tau: float = 12.5
                             ) -> float:
    """Largest real part at the fixed point, Jacobian by central differences."""
    def f(y: np.ndarray) -> np.ndarray:
        v, w = y
        return np.array([v - v**3 / 3 - w + I, (v + a - b * w) / tau])

    v_star = brentq(lambda v: v - v**3 / 3 - (v + a) / b + I, -3.0, 3.0, xtol=1e-14)
    y = np.array([v_star, (v_star + a) / b])
    eps = 1e-6
    J = np.column_stack([(f(y + eps * e) - f(y - eps * e)) / (2 * eps) for e in np.eye(2)])
    return float(np.max(np.linalg.eigvals(J).real))


def test_fhn_hopf_check_against_eigenvalue_crossing() -> None:
    assert _fhn_max_real_eigenvalue(0.0) < 0 < _fhn_max_real_eigenvalue(0.5)
    hopf = brentq(_fhn_max_real_eigenvalue, 0.0, 0.5, xtol=1e-12)
    assert ch01.fhn_hopf_current() == pytest.approx(hopf, abs=1e-6)
    assert _is_tick(ch01.check_fhn_hopf_current(hopf))
    assert _is_tick(ch01.check_fhn_hopf_current(0.325))  # the simulated onset is accepted
    for wrong in (0.0, 0.5, 1.4188, -hopf, 0.9 * hopf):
        fb = ch01.check_fhn_hopf_current(wrong)
        assert _is_hint(fb) and "trace of the Jacobian" in fb.message


@pytest.mark.parametrize("kwargs", [dict(b=1.5), dict(b=0.8, tau=0.5), dict(b=0.0)])
def test_fhn_hopf_without_hopf_point_raises(kwargs: dict) -> None:
    with pytest.raises(ValueError, match=r"\bb = |\btau = "):
        ch01.fhn_hopf_current(**kwargs)


@pytest.mark.parametrize(
    "check", [ch01.check_lif_rheobase, ch01.check_hh_rate, ch01.check_fhn_hopf_current]
)
def test_chapter1_checks_none_and_bad_types(check) -> None:
    fb = check(None)
    assert _is_hint(fb) and "Replace None" in fb.message
    for bad in BAD_ANSWERS:
        assert _is_hint(check(bad)), bad


# -- chapter 2 -------------------------------------------------------------------------------


def _separable_by_search(gate: str) -> bool:
    """Whether some line w1 x1 + w2 x2 + b on a grid separates the gate's truth table."""
    X, y = logic_gate(gate)
    t = np.where(y == 1, 1.0, -1.0)
    grid = np.linspace(-2.0, 2.0, 17)
    W1, W2, B = np.meshgrid(grid, grid, grid, indexing="ij")
    drive = W1[..., None] * X[:, 0] + W2[..., None] * X[:, 1] + B[..., None]
    return bool(np.any(np.all(t * drive > 0, axis=-1)))


def test_perceptron_gates_check() -> None:
    learnable = [g for g in ch02.GATES if _separable_by_search(g)]
    # the textbook answer (Minsky & Papert 1969): every gate but XOR
    assert sorted(learnable) == ["AND", "NAND", "NOR", "OR"]
    for g in ch02.GATES:  # and the perceptron rule converges exactly on those
        assert train_perceptron(*logic_gate(g), epochs=100).converged == (g in learnable)
    assert _is_tick(ch02.check_perceptron_gates(learnable))
    assert _is_tick(ch02.check_perceptron_gates("nor, nand, or, and"))
    assert _is_tick(ch02.check_perceptron_gates({"AND", "OR", "NAND", "NOR"}))
    fb = ch02.check_perceptron_gates(learnable + ["XOR"])
    assert _is_hint(fb) and "XOR should not be" in fb.message
    fb = ch02.check_perceptron_gates(["AND", "OR"])
    assert _is_hint(fb) and "2 option(s) are missing" in fb.message
    assert "Unknown option" in ch02.check_perceptron_gates(["AND", "XNOR"]).message


@pytest.mark.parametrize("bad", [None, 42, 1.5, [1, 2], ["AND", 3], object(), np.array([1])])
def test_perceptron_gates_bad_answers(bad: object) -> None:
    assert _is_hint(ch02.check_perceptron_gates(bad))


def _pair_rule(dt: float, a_plus: float = 0.005, tau_plus: float = 16.8,
               tau_minus: float = 33.7) -> float:
    """Bi & Poo pair window, shared/reference/neuron_models.md; depression area 1.05 x the
    potentiation area, A- tau- = 1.05 A+ tau+ (Song 2000, who had tau+ = tau-)."""
    a_minus = 1.05 * a_plus * tau_plus / tau_minus
    return a_plus * math.exp(-dt / tau_plus) if dt > 0 else -a_minus * math.exp(
        dt / tau_minus)


def test_stdp_check_default_question() -> None:
    expected = _pair_rule(-20.0)
    assert _is_tick(ch02.check_stdp_dw(expected))
    # A- = 1.05 A+ (Song's amplitude ratio with unequal tau) doubles the depression.
    assert _is_hint(ch02.check_stdp_dw(-0.00525 * math.exp(-20.0 / 33.7)))
    fb = ch02.check_stdp_dw(-expected)
    assert _is_hint(fb) and "wrong sign" in fb.message
    fb = ch02.check_stdp_dw(0.005 * math.exp(-20.0 / 16.8))  # the potentiation branch
    assert _is_hint(fb) and "depression branch" in fb.message
    fb = ch02.check_stdp_dw(None)
    assert _is_hint(fb) and "Replace None" in fb.message
    for bad in BAD_ANSWERS:
        assert _is_hint(ch02.check_stdp_dw(bad)), bad
    with pytest.raises(ValueError, match="delta_t"):
        ch02.check_stdp_dw(0.001, delta_t="soon")


@settings(max_examples=40, deadline=None)
@given(dt=st.floats(-100.0, 100.0).filter(lambda x: abs(x) > 1e-6))
def test_stdp_check_any_delta_t(dt: float) -> None:
    expected = _pair_rule(dt)
    assert ch02.check_stdp_dw(expected, delta_t=dt)
    assert ch02.check_stdp_dw(expected * 1.01, delta_t=dt)
    assert not ch02.check_stdp_dw(expected * 1.05, delta_t=dt)


def _mean_field_rate(g: float, eta: float = 2.0, J: float = 1.0, tau: float = 20.0,
                     theta: float = 20.0, v_reset: float = 10.0, t_ref: float = 2.0,
                     c_e: int = 40, c_i: int = 10) -> float:
    """Self-consistent rate (1/ms) of Brunel's network without fluctuations.

    nu = phi(mu(nu)), mu = eta theta + tau J nu (C_E - g C_I), phi the LIF rate.
    """
    def phi(mu: float) -> float:
        if mu <= theta:
            return 0.0
        return 1.0 / (t_ref + tau * math.log((mu - v_reset) / (mu - theta)))

    return brentq(lambda nu: phi(eta * theta + tau * J * nu * (c_e - g * c_i)) - nu,
                  0.0, 1.0 / t_ref, xtol=1e-12)


def test_rate_vs_g_check() -> None:
    # mean-field theory: more inhibition lowers the self-consistent rate
    assert _mean_field_rate(ch02.G_HIGH) < _mean_field_rate(ch02.G_LOW)
    # and the network itself agrees for another seed and a wider range of g
    r2 = simulate_ei_network(g=2.0, t_stop=200.0, seed=5).mean_rate()
    r8 = simulate_ei_network(g=8.0, t_stop=200.0, seed=5).mean_rate()
    assert r8 < r2
    for right in ("decreases", "Decrease", " down ", "lower", -1, -0.5):
        assert _is_tick(ch02.check_rate_vs_g(right)), right
    for wrong in ("increases", "up", "unchanged", 1, 0):
        fb = ch02.check_rate_vs_g(wrong)
        assert _is_hint(fb) and "simulate_ei_network" in fb.message
    assert _is_hint(ch02.check_rate_vs_g(None))
    for bad in ["sideways", "", [1], {"g": 1}, object(), float("nan"), True]:
        assert _is_hint(ch02.check_rate_vs_g(bad)), bad
    assert ch02.rate_trend(4.0, 4.0) == "unchanged"


# -- figures ----------------------------------------------------------------------------------


def test_trace_figure_shows_the_trace() -> None:
    tr = simulate("hh", current=10.0, t_stop=20.0)
    fig = figures.trace_figure(tr)
    by_name = {d.name: d for d in fig.data}
    np.testing.assert_array_equal(by_name["V"].y, tr.v)
    np.testing.assert_array_equal(by_name["h"].y, tr.state["h"])
    np.testing.assert_array_equal(by_name["spikes"].x, tr.spike_times)
    np.testing.assert_array_equal(by_name["input"].y, tr.current)
    assert f"{len(tr.spike_times)} spikes" in fig.layout.title.text
    with pytest.raises(ValueError, match="single-neuron"):
        figures.trace_figure(simulate("lif", current=[[1.0], [2.0]], t_stop=10.0))


def test_gating_figure_matches_published_rates() -> None:
    fig = figures.gating_figure(points=37)  # avoids the removable singular points
    by_name = {d.name: d for d in fig.data}
    V = np.asarray(by_name["m∞"].x)
    am = 0.1 * (V + 40) / (1 - np.exp(-(V + 40) / 10))
    bm = 4 * np.exp(-(V + 65) / 18)
    an = 0.01 * (V + 55) / (1 - np.exp(-(V + 55) / 10))
    bn = 0.125 * np.exp(-(V + 65) / 80)
    np.testing.assert_allclose(by_name["m∞"].y, am / (am + bm), rtol=1e-9)
    np.testing.assert_allclose(by_name["τ<sub>n</sub>"].y, 1 / (an + bn), rtol=1e-9)


def test_presets_figure_population_equals_single_runs() -> None:
    names = ["RS", "CH", "FS"]
    fig = figures.presets_figure("izhikevich", names, t_stop=100.0, onset=10.0, bins=10_000)
    assert len(fig.data) == len(names)
    for name, trace in zip(names, fig.data, strict=True):
        p = preset("izhikevich", name)
        single = simulate("izhikevich", preset=name, t_stop=100.0,
                          current=np.where(np.arange(2000) * 0.05 >= 10.0, p["current"], 0.0))
        np.testing.assert_allclose(trace.y, single.v, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="not presets"):
        figures.presets_figure("izhikevich", ["XX"])


def test_protocols_figure_shows_each_preset_under_its_protocol() -> None:
    from neuroexplore.neurons import stimulus_protocol

    fig = figures.protocols_figure("izhikevich", ["TC", "RZ"], bins=100_000)
    for name, v_trace, i_trace in zip(["TC", "RZ"], fig.data[::2], fig.data[1::2],
                                      strict=True):
        proto = stimulus_protocol("izhikevich", name)
        single = simulate("izhikevich", preset=name, current=proto.stimulus(),
                          t_stop=proto.t_stop)
        np.testing.assert_allclose(v_trace.y, single.v, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(i_trace.y, single.current)
    with pytest.raises(ValueError, match="stimulus protocol"):
        figures.protocols_figure("hh")


def test_raster_figure_counts_spikes() -> None:
    net = simulate_ei_network(80, 20, t_stop=100.0, seed=1)
    fig = figures.raster_figure(net, max_neurons=1000)
    n_raster = len(fig.data[0].x) + len(fig.data[1].x)
    assert n_raster == net.spike_times.size
    centres, rate = net.population_rate(2.0)
    np.testing.assert_allclose(fig.data[2].y, rate)
