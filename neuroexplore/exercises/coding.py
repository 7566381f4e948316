r"""Coding exercises: the student writes a function, the check runs it on random inputs.

Each check draws several seeded random inputs, calls the student's function on each,
and compares the result with a reference computed here (a closed-form formula derived
independently of the student's code) and, where the engine has the same rule, with the
engine itself.  The first failing input is named in the message, with what the
function returned and whether it is too high or too low -- never the expected value.

1. :func:`check_lif_euler_step` -- one forward-Euler step of the leaky
   integrate-and-fire neuron, :math:`\tau_m\,dV/dt = -(V - E_L) + R I`:
   :math:`V' = V + (\Delta t/\tau_m)\,(E_L - V + R I)`, and
   :math:`V' \ge V_{th} \Rightarrow` spike, :math:`V' \leftarrow V_{reset}` (Gerstner et
   al., *Neuronal Dynamics*, 2014, Eq. 1.5).  Over many small steps the student's
   neuron must also fire at the engine's exact rate (:func:`neuroexplore.neurons.lif_rate`
   with ``t_ref = 0``) and follow the engine's subthreshold trace
   (:func:`neuroexplore.neurons.simulate`).
2. :func:`check_oja_update` -- Oja's rule (Oja, J. Math. Biol. 15:267, 1982):
   :math:`y = w\cdot x`, :math:`w' = w + \eta\,y\,(x - y\,w)`; replayed over a data set
   it must reproduce :func:`neuroexplore.networks.hebbian_learning` (``rule="oja"``).
3. :func:`check_differential_mvm` -- the column currents of a differential crossbar,
   :math:`I_j = \sum_i (G^+_{ij} - G^-_{ij})\,V_i`, i.e. :math:`I = (G^+ - G^-)^T V`
   (Ohm's and Kirchhoff's laws; units S, V, A).
4. :func:`check_pulse_count` -- NeuroSim's open-loop pulse count for a weight change
   (Chen, Peng & Yu, IEEE TCAD 37:3067, 2018):
   :math:`n = \mathrm{rint}(\Delta w\,(G_{max} - G_{min}) / (w_{max}\,\Delta G))` with
   :math:`\Delta G = (G_{max} - G_{min})/P_{LTP}` for :math:`\Delta w > 0`, else
   :math:`/P_{LTD}`; against :func:`neuroexplore.devices.weight_change_to_pulses`.
5. :func:`check_q_update` -- the Q-learning update (Watkins & Dayan, Mach. Learn.
   8:279, 1992): :math:`Q(s,a) \mathrel{+}= \alpha\,[r + \gamma\,(1 - \text{term})
   \max_{a'} Q(s', a') - Q(s, a)]`; with :math:`\alpha = 1` and sweeps over every
   ``(s, a)`` of a deterministic grid world it must reach the optimal
   :math:`Q^*` of :func:`neuroexplore.applications.decision.value_iteration`.

Examples
--------
>>> def lif_euler_step(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
...                    V_reset=-65.0):
...     v = v + dt / tau_m * (E_L - v + R * current)
...     return (V_reset, True) if v >= V_th else (v, False)
>>> bool(check_lif_euler_step(lif_euler_step))
True
>>> check_lif_euler_step(None).correct
False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..applications.decision import grid_world, value_iteration
from ..devices import PulseDevice, weight_change_to_pulses
from ..networks.hebbian import gaussian_cloud, hebbian_learning
from ..neurons import simulate
from ..neurons.lif import lif_rate
from .feedback import Feedback

__all__ = [
    "check_lif_euler_step",
    "check_oja_update",
    "check_differential_mvm",
    "check_pulse_count",
    "check_q_update",
]

#: Draws per check (each a fresh random input from the check's fixed seed).
N_DRAWS = 8
_RTOL = 1e-6


class _Mismatch(Exception):
    """The student's function disagreed with the reference on one input."""


def _fmt_args(args: dict[str, Any]) -> str:
    def one(v: Any) -> str:
        if isinstance(v, np.ndarray):
            return np.array2string(v, precision=4, separator=", ", threshold=12)
        if isinstance(v, float):
            return f"{v:.6g}"
        return repr(v)
    return ", ".join(f"{k}={one(v)}" for k, v in args.items())


def _direction(got: np.ndarray, ref: np.ndarray) -> str:
    diff = np.asarray(got, dtype=float) - np.asarray(ref, dtype=float)
    i = int(np.argmax(np.abs(diff)))
    where = f" (element {np.unravel_index(i, diff.shape)})" if diff.ndim else ""
    return ("too high" if diff.flat[i] > 0 else "too low") + where


def _as_float_array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _Mismatch(f"returned {value!r:.60} for {what}, not numbers") from None
    if arr.shape != shape:
        raise _Mismatch(f"returned {what} of shape {arr.shape}, expected shape {shape}")
    if not np.all(np.isfinite(arr)):
        raise _Mismatch(f"returned a non-finite {what}")
    return arr


def _compare(name: str, args: dict[str, Any], got: Any, ref: np.ndarray, what: str,
             atol: float = 0.0) -> None:
    arr = _as_float_array(got, np.shape(ref), what)
    if not np.allclose(arr, ref, rtol=_RTOL, atol=atol):
        shown = np.array2string(arr, precision=6, threshold=12) if arr.ndim else f"{arr:.6g}"
        raise _Mismatch(f"{name}({_fmt_args(args)}) returned {what} {shown}: "
                        f"{_direction(arr, ref)}")


def _run(func: Any, name: str, title: str, body: Callable[[], str], hint: str) -> Feedback:
    """Run ``body`` (which calls ``func`` and raises _Mismatch) and wrap the outcome."""
    if func is None:
        return Feedback(False, f"Write the function {name}(...) in the cell above, then "
                        f"pass it here. {hint}", title)
    if not callable(func):
        return Feedback(False, f"Expected the function {name} itself (no parentheses), got "
                        f"{func!r:.60}.", title)
    try:
        summary = body()
    except _Mismatch as err:
        return Feedback(False, f"{err}. {hint}", title)
    except NotImplementedError:
        return Feedback(False, f"{name} still raises NotImplementedError: replace that line "
                        f"with your code. {hint}", title)
    except Exception as err:  # the student's code raised: that is feedback, not a crash
        return Feedback(False, f"{name} raised {type(err).__name__}: {err}. {hint}", title)
    return Feedback(True, f"Correct: {summary}", title)


# ----------------------------------------------------------------- 1. LIF Euler step
LIF_DEFAULTS = dict(tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0, V_reset=-65.0)


def _lif_euler_reference(v: float, current: float, dt: float, tau_m: float, R: float,
                         E_L: float, V_th: float, V_reset: float) -> tuple[float, bool]:
    # forward Euler of tau dV/dt = -(V - E_L) + R I, then the threshold test
    v_next = v + (dt / tau_m) * (-(v - E_L) + R * current)
    return (V_reset, True) if v_next >= V_th else (v_next, False)


def _lif_one_step_draws(rng: np.random.Generator) -> list[dict[str, Any]]:
    draws = []
    for k in range(N_DRAWS):
        p = dict(LIF_DEFAULTS)
        if k >= 2:  # the first draws use the defaults, later ones vary every parameter
            p.update(tau_m=float(rng.uniform(5.0, 30.0)), R=float(rng.uniform(5.0, 20.0)),
                     E_L=float(rng.uniform(-75.0, -60.0)))
            p["V_th"] = p["E_L"] + float(rng.uniform(10.0, 20.0))
            p["V_reset"] = p["E_L"] - float(rng.uniform(0.0, 5.0))
        v = float(rng.uniform(p["E_L"] - 5.0, p["V_th"] - 0.5))
        if k % 4 == 3:  # a step that must cross the threshold
            v = p["V_th"] - 0.05
        draws.append(dict(v=v, current=float(rng.uniform(-1.0, 4.0)),
                          dt=float(rng.uniform(0.01, 0.5)), **p))
    return draws


def _lif_body(func: Callable[..., Any]) -> str:
    rng = np.random.default_rng(101)
    for args in _lif_one_step_draws(rng):
        got = func(**args)
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise _Mismatch(f"lif_euler_step({_fmt_args(args)}) returned {got!r:.60}; return "
                            "a pair (v_next, spiked)")
        v_ref, s_ref = _lif_euler_reference(**args)
        if bool(got[1]) != s_ref:
            raise _Mismatch(f"lif_euler_step({_fmt_args(args)}) returned spiked={bool(got[1])}"
                            f", but this step {'does' if s_ref else 'does not'} reach V_th")
        _compare("lif_euler_step", args, got[0], np.float64(v_ref), "v_next")
    # many small steps: the rate of the engine's exact LIF (no refractory period) ...
    dt, t_stop, current = 0.01, 500.0, 2.0
    n = round(t_stop / dt)
    v, spikes, trace = LIF_DEFAULTS["E_L"], 0, np.empty(n)
    for k in range(n):
        v, s = func(v, current, dt)
        v = float(v)
        spikes += bool(s)
        trace[k] = v
    rate_ref = float(lif_rate(current, t_ref=0.0))
    rate = spikes * 1000.0 / t_stop
    if abs(rate - rate_ref) > 0.02 * rate_ref + 2.0:
        raise _Mismatch(f"over {n} steps of dt = {dt} ms at I = {current} nA your neuron fired "
                        f"at {rate:.4g} Hz: {'too high' if rate > rate_ref else 'too low'} "
                        "for the LIF model")
    # ... and the engine's subthreshold trace (below rheobase: no spike, V -> E_L + R I)
    sub = 1.2
    tr = simulate("lif", current=sub, t_stop=50.0, dt=dt, t_ref=0.0)
    v = LIF_DEFAULTS["E_L"]
    mine = np.empty(tr.v.shape[-1] - 1)
    for k in range(mine.size):
        v, _ = func(v, sub, dt)
        mine[k] = float(v)
    err = np.abs(mine - np.ravel(tr.v)[1:]).max()
    if not err < 0.05:
        raise _Mismatch(f"at I = {sub} nA (below rheobase) your trace leaves the exact LIF "
                        f"solution by up to {err:.3g} mV over 50 ms")
    return (f"{N_DRAWS} single steps match forward Euler, and {n} steps of dt = {dt} ms fire "
            f"at {rate:.4g} Hz like the exact LIF ({rate_ref:.4g} Hz).")


def check_lif_euler_step(answer: Any) -> Feedback:
    """Check ``lif_euler_step(v, current, dt, tau_m=10, R=10, E_L=-65, V_th=-50,
    V_reset=-65) -> (v_next, spiked)`` (mV, nA, ms, MOhm).

    Examples
    --------
    >>> def wrong_sign(v, current, dt, tau_m=10.0, R=10.0, E_L=-65.0, V_th=-50.0,
    ...                V_reset=-65.0):
    ...     v = v + dt / tau_m * (v - E_L + R * current)
    ...     return (V_reset, True) if v >= V_th else (v, False)
    >>> fb = check_lif_euler_step(wrong_sign)
    >>> fb.correct, "lif_euler_step(v=" in fb.message
    (False, True)
    """
    return _run(answer, "lif_euler_step", "LIF Euler step", lambda: _lif_body(answer),
                "V moves by dt/tau_m times (E_L - V + R I); a spike is V_next >= V_th, "
                "after which V is set to V_reset.")


# ----------------------------------------------------------------- 2. Oja's update
def _oja_reference(w: np.ndarray, x: np.ndarray, lr: float) -> np.ndarray:
    y = float(w @ x)
    return w + lr * y * (x - y * w)


def _oja_body(func: Callable[..., Any]) -> str:
    rng = np.random.default_rng(202)
    for _ in range(N_DRAWS):
        d = int(rng.integers(2, 6))
        args = dict(w=rng.normal(size=d), x=rng.normal(size=d),
                    lr=float(rng.uniform(0.01, 0.5)))
        ref = _oja_reference(args["w"].copy(), args["x"].copy(), args["lr"])
        got = func(args["w"].copy(), args["x"].copy(), args["lr"])
        _compare("oja_update", args, got, ref, "w_new")
    # replayed over a data set, the engine's own Oja run
    X = gaussian_cloud(300, angle=0.6, std_major=1.0, std_minor=0.3, seed=3)
    w0 = np.array([0.3, -0.2])
    res = hebbian_learning(X, rule="oja", lr=0.02, epochs=1, w0=w0, center=False, seed=5)
    order = np.random.default_rng(5).permutation(len(X))
    w = w0.copy()
    for x in X[order]:
        w = _as_float_array(func(w.copy(), x.copy(), 0.02), (2,), "w_new")
    if not np.allclose(w, res.final, rtol=1e-6, atol=1e-9):
        raise _Mismatch("replayed over 300 samples your rule ends at "
                        f"{np.array2string(w, precision=4)}, away from the engine's Oja run")
    return (f"{N_DRAWS} random updates match Oja's rule and 300 updates replay the engine's "
            f"run (|w| = {np.linalg.norm(w):.3f}).")


def check_oja_update(answer: Any) -> Feedback:
    """Check ``oja_update(w, x, lr) -> w_new`` (arrays of shape (d,)).

    Examples
    --------
    >>> def hebb_only(w, x, lr):   # no decay term: Hebb's rule, which diverges
    ...     return w + lr * (w @ x) * x
    >>> check_oja_update(hebb_only).correct
    False
    """
    return _run(answer, "oja_update", "Oja's rule", lambda: _oja_body(answer),
                "Compute the output y = w . x, then move w by lr * y * (x - y * w): Hebb's term "
                "y x minus a decay y^2 w that keeps |w| near 1.")


# ----------------------------------------------------------------- 3. differential pair
def _mvm_body(func: Callable[..., Any]) -> str:
    rng = np.random.default_rng(303)
    for _ in range(N_DRAWS):
        rows, cols = (int(k) for k in rng.integers(1, 7, size=2))
        g_pos = rng.uniform(1e-6, 1e-4, size=(rows, cols))
        g_neg = rng.uniform(1e-6, 1e-4, size=(rows, cols))
        v = rng.uniform(-0.2, 0.2, size=rows)
        args = dict(g_pos=g_pos, g_neg=g_neg, v=v)
        # Kirchhoff's current law per column, summed explicitly over the rows
        ref = np.array([sum((g_pos[i, j] - g_neg[i, j]) * v[i] for i in range(rows))
                        for j in range(cols)])
        got = func(g_pos.copy(), g_neg.copy(), v.copy())
        _compare("differential_mvm", args, got, ref, "I", atol=1e-18)
    return f"{N_DRAWS} random crossbars (up to 6 x 6) give the right column currents."


def check_differential_mvm(answer: Any) -> Feedback:
    """Check ``differential_mvm(g_pos, g_neg, v) -> I``: (rows, cols) S, (rows,) V -> (cols,) A.

    Examples
    --------
    >>> check_differential_mvm(lambda g_pos, g_neg, v: (g_pos - g_neg).T @ v).correct
    True
    >>> check_differential_mvm(lambda g_pos, g_neg, v: (g_pos - g_neg) @ v).correct
    False
    """
    return _run(answer, "differential_mvm", "Differential-pair crossbar",
                lambda: _mvm_body(answer),
                "Each column collects sum_i G_ij V_i (Ohm + Kirchhoff) from both arrays; the "
                "output is the G+ current minus the G- current. Mind which index is the row "
                "(input) and which the column (output).")


# ----------------------------------------------------------------- 4. pulse count
def _pulse_body(func: Callable[..., Any]) -> str:
    rng = np.random.default_rng(404)
    for _ in range(N_DRAWS):
        g_min = float(rng.uniform(1e-7, 2e-6))
        g_max = g_min * float(rng.uniform(5.0, 50.0))
        states_ltp, states_ltd = (int(k) for k in rng.integers(16, 257, size=2))
        w_max = float(rng.uniform(0.5, 2.0))
        dw = float(rng.uniform(-0.3, 0.3) * w_max)
        args = dict(dw=dw, g_min=g_min, g_max=g_max, states_ltp=states_ltp,
                    states_ltd=states_ltd, w_max=w_max)
        dev = PulseDevice(g_min=g_min, g_max=g_max, states_ltp=states_ltp,
                          states_ltd=states_ltd)
        ref = weight_change_to_pulses(np.array(dw), dev, w_max=w_max)
        got = func(**args)
        if isinstance(got, float) and not float(got).is_integer():
            raise _Mismatch(f"pulse_count({_fmt_args(args)}) returned {got:.6g}: a device "
                            "takes a whole number of pulses (round it)")
        _compare("pulse_count", args, got, np.asarray(ref, dtype=float), "n")
    return f"{N_DRAWS} random devices and weight changes give NeuroSim's pulse counts."


def check_pulse_count(answer: Any) -> Feedback:
    """Check ``pulse_count(dw, g_min, g_max, states_ltp, states_ltd, w_max) -> n``
    (signed whole number of pulses; positive = potentiation).

    Examples
    --------
    >>> def pulse_count(dw, g_min, g_max, states_ltp, states_ltd, w_max):
    ...     span = g_max - g_min
    ...     step = span / (states_ltp if dw > 0 else states_ltd)
    ...     return round(dw * span / w_max / step)
    >>> check_pulse_count(pulse_count).correct
    True
    """
    return _run(answer, "pulse_count", "NeuroSim pulse count", lambda: _pulse_body(answer),
                "Convert dw to a conductance change dG = dw (G_max - G_min) / w_max, divide by "
                "the nominal step of one pulse ((G_max - G_min) / states, LTP states for dw > 0 "
                "and LTD states otherwise) and round to the nearest whole pulse.")


# ----------------------------------------------------------------- 5. Q-learning update
def _q_reference(q: np.ndarray, s: int, a: int, r: float, s_next: int, terminal: bool,
                 alpha: float, gamma: float) -> np.ndarray:
    q = q.copy()
    bootstrap = 0.0 if terminal else gamma * q[s_next].max()
    q[s, a] += alpha * (r + bootstrap - q[s, a])
    return q


def _q_body(func: Callable[..., Any]) -> str:
    rng = np.random.default_rng(505)
    for k in range(N_DRAWS):
        n_s, n_a = int(rng.integers(3, 8)), 4
        q = rng.normal(size=(n_s, n_a))
        args = dict(q=q, s=int(rng.integers(n_s)), a=int(rng.integers(n_a)),
                    r=float(rng.choice([-1.0, -0.04, 0.0, 1.0])), s_next=int(rng.integers(n_s)),
                    terminal=bool(k % 3 == 2), alpha=float(rng.uniform(0.05, 1.0)),
                    gamma=float(rng.uniform(0.5, 0.99)))
        ref = _q_reference(**args)
        got = func(**{**args, "q": q.copy()})
        _compare("q_update", args, got, ref, "q_new")
    # alpha = 1 sweeps of a deterministic world reach the engine's optimal Q*
    world, gamma = grid_world("open 4x4"), 0.9
    q = np.zeros((world.n_states, 4))
    for _ in range(2 * world.n_states):
        for s in range(world.n_states):
            if world.terminal[s]:
                continue
            for a in range(4):
                s2 = int(world.next_state[s, a])
                q = _as_float_array(
                    func(q, s, a, float(world.reward[s, a]), s2, bool(world.terminal[s2]),
                         1.0, gamma), q.shape, "q_new")
    q_star = value_iteration(world, gamma).q
    live = ~world.terminal
    if not np.allclose(q[live], q_star[live], atol=1e-6):
        raise _Mismatch("sweeping every (s, a) of the 'open 4x4' world with alpha = 1 does not "
                        "reach the optimal Q* of value iteration")
    return (f"{N_DRAWS} random updates match the TD rule and alpha = 1 sweeps reach the "
            "optimal Q* of value iteration.")


def check_q_update(answer: Any) -> Feedback:
    """Check ``q_update(q, s, a, r, s_next, terminal, alpha, gamma) -> q_new`` (a new table).

    Examples
    --------
    >>> def q_update(q, s, a, r, s_next, terminal, alpha, gamma):
    ...     q = q.copy()
    ...     target = r if terminal else r + gamma * q[s_next].max()
    ...     q[s, a] += alpha * (target - q[s, a])
    ...     return q
    >>> check_q_update(q_update).correct
    True
    """
    return _run(answer, "q_update", "Q-learning update", lambda: _q_body(answer),
                "The target is r plus gamma times the best Q of the next state (no future after "
                "a terminal state); move Q(s, a) a fraction alpha of the way to it and return "
                "the new table.")


