"""The exercise registry: one entry per exercise, read by the notebooks and the grader.

Every exercise is declared once, in :data:`EXERCISES`: its id (``"1.2"``), the name of
the variable (or function) that holds the student's answer in the notebook
(``answer_1_2``, ``lif_euler_step``), the check function of its chapter module, the
points it is worth and the time limit of one check.  The same entry serves

* the student, who writes ``check("1.2", answer_1_2)`` in the notebook and gets a
  :class:`~neuroexplore.exercises.Feedback` with a ladder of hints that grows more
  specific with each wrong attempt (never the answer), and
* the autograder (:mod:`neuroexplore.course`), whose otter test for the exercise calls
  :func:`grade` on the executed notebook's namespace -- the very same check.

A check that runs longer than its time limit (a student's function that loops) is
stopped and counts as wrong; a check that raises counts as wrong.  The limit uses
``SIGALRM`` and applies in the main thread on POSIX systems (a Jupyter kernel, the
grader); elsewhere the check runs without one.

Examples
--------
>>> check("1.2", None).correct
False
>>> fb = check("1.2", 1.5)
>>> fb.correct, fb.exercise
(True, 'Exercise 1.2: LIF rheobase')
>>> grade("1.2", {"answer_1_2": 1.5}).correct, grade("1.2", {}).correct
(True, False)
>>> exercise("1.3").answer
'lif_euler_step'
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from . import ch01, ch02, ch03, ch04, ch05, ch06, ch07, coding
from .feedback import Feedback

__all__ = [
    "Exercise",
    "EXERCISES",
    "ExerciseTimeout",
    "exercise",
    "chapter_exercises",
    "by_answer_name",
    "check",
    "grade",
    "reset_hints",
    "ANSWER_RENAMES",
]


class ExerciseTimeout(Exception):
    """A check ran past its exercise's time limit."""


@dataclass(frozen=True)
class Exercise:
    """One auto-checked exercise.

    Attributes
    ----------
    id : str
        ``"<chapter>.<number>"`` as in the notebook's heading, e.g. ``"3.2b"``.
    answer : str
        The notebook name that holds the answer: ``answer_<id>`` (dots -> underscores)
        for a value, the function's own name for a coding exercise.
    check : callable
        ``check(answer, **context) -> Feedback`` (a function of the chapter module).
    title : str
        Shown in the feedback box.
    hints : tuple of str
        The ladder: the n-th wrong attempt adds ``hints[n - 1]`` (the last one repeats).
        None gives the answer away.
    points : float
        Points in the autograder.
    time_limit : float
        Seconds one check may take (the student's code included).
    context : mapping of str to str
        Extra keyword arguments of ``check`` taken from notebook variables
        (``{"fit": "ppf_fit"}``): the notebook passes them, the grader looks them up.
    kind : {"value", "function"}
        A value (number, choice, object) or a function the student writes.
    """

    id: str
    answer: str
    check: Callable[..., Feedback] = field(repr=False)
    title: str
    hints: tuple[str, ...] = ()
    points: float = 1.0
    time_limit: float = 60.0
    context: Mapping[str, str] = field(default_factory=dict)
    kind: str = "value"

    @property
    def chapter(self) -> str:
        """The chapter number as two digits (``"03"``)."""
        return f"{int(self.id.split('.')[0]):02d}"

    def call_hint(self) -> str:
        """How the notebook calls the check, e.g. ``check("3.5", answer_3_5, fit=ppf_fit)``."""
        extra = "".join(f", {k}={v}" for k, v in self.context.items())
        return f'check("{self.id}", {self.answer}{extra})'


def _value(id_: str, check: Callable[..., Feedback], title: str, *hints: str,
           points: float = 1.0, time_limit: float = 60.0,
           context: Mapping[str, str] | None = None) -> Exercise:
    return Exercise(id_, "answer_" + id_.replace(".", "_"), check, title, tuple(hints),
                    points, time_limit, dict(context or {}), "value")


def _code(id_: str, name: str, check: Callable[..., Feedback], title: str, *hints: str,
          points: float = 2.0, time_limit: float = 30.0) -> Exercise:
    return Exercise(id_, name, check, title, tuple(hints), points, time_limit, {}, "function")


_ENTRIES = (
    # ---- chapter 1
    _value("1.1", ch01.check_hh_rate, "Hodgkin-Huxley firing rate",
           "Run the HH model at 10 uA/cm^2 for about a second; a rate is spikes per second.",
           "Ignore the first 200 ms (the transient) and use 1000 / (mean inter-spike interval "
           "in ms).",
           "fi_curve('hh', [10.0], t_stop=1000.0, t_transient=200.0, method='isi') returns the "
           "rate directly."),
    _value("1.2", ch01.check_lif_rheobase, "LIF rheobase",
           "Without spikes, V settles at V_inf = E_L + R I.",
           "Set V_inf = V_th and solve for I; R in MOhm times I in nA is mV.",
           "Take V_th, E_L and R from parameters('lif') (their defaults)."),
    _value("1.4", ch01.check_fhn_hopf_current, "FitzHugh-Nagumo Hopf point",
           "The rest state loses stability where the trace of the Jacobian is zero.",
           "tr J = 1 - v*^2 - b/tau = 0 gives v*; take the root on the left branch (v* < 0).",
           "Insert v* into v - v^3/3 - w + I = 0 with w = (v + a)/b and solve for I."),
    _code("1.3", "lif_euler_step", coding.check_lif_euler_step, "LIF Euler step",
          "Forward Euler: V_next = V + dt * (dV/dt), with dV/dt from the LIF equation.",
          "dV/dt = (-(V - E_L) + R I) / tau_m: check the sign of the leak term.",
          "After the step, compare V_next with V_th: if it is reached, return (V_reset, True)."),
    # ---- chapter 2
    _value("2.1", ch02.check_perceptron_gates, "What a single perceptron can learn",
           "A perceptron draws one straight line through the input square.",
           "Plot the four inputs of each gate coloured by output: can one line split them?",
           "linear_separability(*logic_gate(gate)).separable decides it for each gate."),
    _value("2.3", ch02.check_stdp_dw, "STDP weight change",
           "delta_t = t_post - t_pre: negative means the post spike came first.",
           "Post before pre is the depression branch: dw = -A_minus exp(delta_t / tau_minus).",
           "stdp_window(delta_t_ms=-20.0) evaluates the window of the chapter."),
    _value("2.4", ch02.check_rate_vs_g, "More inhibition",
           "g scales inhibitory weights relative to excitatory ones.",
           "Simulate the network at two values of g with the same seed and compare mean rates."),
    _code("2.2", "oja_update", coding.check_oja_update, "Oja's rule",
          "Start from Hebb's rule: w grows by lr * y * x with y = w . x.",
          "Oja adds a decay proportional to y^2 w that keeps |w| bounded.",
          "w_new = w + lr * y * (x - y * w); return a new array."),
    # ---- chapter 3
    _value("3.1", ch03.check_nonlinearity_label, "Nonlinearity label",
           "The label measures how far the normalised LTP curve bends away from the line s = x.",
           "Evaluate s(x) = (1 - exp(-x/a)) / (1 - exp(-1/a)) on x in [0, 1] and take the "
           "largest |s(x) - x|.",
           "Multiply that largest deviation by kappa = 10.102 (NeuroSim's calibration)."),
    _value("3.2a", ch03.check_most_linear_preset, "Most linear potentiation",
           "Most linear: the potentiation curve closest to a straight line.",
           "Compute ltp_nonlinearity for each published preset (not 'ideal') and take the "
           "smallest."),
    _value("3.2b", ch03.check_most_symmetric_preset, "Most symmetric LTP/LTD",
           "Symmetric: the depression curve mirrors the potentiation curve.",
           "Compute update_asymmetry for each published preset (not 'ideal') and take the "
           "smallest."),
    _value("3.3", ch03.check_pcm_drift, "PCM drift after one day",
           "Drift is a power law in time: G(t) = G(t0) (t/t0)^(-nu).",
           "Give the fraction G(t)/G(t0), with t = one day in seconds and t0 = 20 s."),
    _value("3.5", partial(ch03.check_ppf, interval=ch03.PPF_INTERVAL), "PPF from the fit",
           "PPF is a ratio A2/A1 (about 1.x), not a percentage.",
           "Evaluate 1 + C1 exp(-dt/tau1) + C2 exp(-dt/tau2) with the fitted constants.",
           "Use seconds for dt and for both time constants.",
           context={"fit": "ppf_fit"}),
    _code("3.4", "pulse_count", coding.check_pulse_count, "NeuroSim pulse count",
          "A weight change asks for a conductance change dG = dw (G_max - G_min) / w_max.",
          "One pulse moves the conductance by the nominal step (G_max - G_min) / states.",
          "Use the LTP states for dw > 0 and the LTD states otherwise, then round to the "
          "nearest whole pulse (signed)."),
    # ---- chapter 4
    _value("4.1", ch04.check_crossbar_current, "Crossbar current",
           "A column current is the sum over rows of G V (Ohm + Kirchhoff).",
           "Watch the units: µS times V gives µA."),
    _value("4.2", ch04.check_quantisation_bound, "Quantisation bound",
           "With 17 levels the step is w_max/16.",
           "Rounding to the nearest level errs by at most half a step."),
    _value("4.3", ch04.check_accuracy_ranking, "Accuracy ranking",
           "Run the chapter's sweep for each non-ideality and compare the accuracies.",
           "Most harmful first: sort by the accuracy lost, largest first."),
    _value("4.4", ch04.check_ir_drop_trend, "IR-drop trend",
           "A longer wire has more resistance along the path of the current.",
           "Compare the worst relative error at the two sizes of the chapter's sweep."),
    _code("4.5", "differential_mvm", coding.check_differential_mvm,
          "Differential-pair crossbar",
          "Each output column sums G_ij V_i over the input rows.",
          "The weight is G+ - G-: subtract the two arrays' currents.",
          "With G of shape (rows, cols) and V of shape (rows,), I = (G+ - G-)^T V."),
    # ---- chapter 5
    _value("5.1", ch05.check_encoder_rate, "Encoder rate",
           "The sensor current charges an LIF membrane: find I_in, then the LIF rate.",
           "f = 1 / (t_ref + tau ln(R I / (R I - V_th)))."),
    _value("5.2", ch05.check_silent_pressure, "Silent below",
           "The nerve is silent while R_m I stays below threshold.",
           "Solve R_m k I_s(P) = V_th for P."),
    _value("5.3", ch05.check_wire_current, "In-sensor current",
           "Each lit pixel adds its responsivity times its optical power.",
           "Sum R_mn x 1 uW over the lit pixels of the letter (mA/W x uW = nA)."),
    # ---- chapter 6 (sessions 06a: 6.1-6.2, 06b: 6.3-6.4, 06c: 6.5-6.7)
    _value("6.1", ch06.check_programming_noise, "Programming noise at mid-range",
           "Find k, the number of identical potentiation pulses from G_min whose level is "
           "nearest to G_min + (G_max - G_min) / 2 on the device's own curve.",
           "get_device('Ag:a-Si').potentiation_curve(k) gives the conductance after k pulses "
           "(k = 0 ... states_ltp); a nonlinear curve reaches mid-range in fewer than "
           "states_ltp / 2 pulses.",
           "k independent pulses add noise of std c2c_sigma sqrt(k) of the range."),
    _value("6.2", ch06.check_lost_update, "Updates lost to rounding",
           "With W_A in (-1, 1) on one device, one pulse changes the weight by 2 / P.",
           "NeuroSim sends n = round(dw P / 2) pulses, rounded half away from zero: find the "
           "smallest |dw| for which n is not 0.",
           "P is the device's number of states (states_ltp of the HZO FeFET preset)."),
    _value("6.3", ch06.check_volatile_state, "A burst on a volatile memristor",
           "During a pulse of V volts w relaxes exponentially (time constant tau) towards "
           "w_inf = lam tau sinh(eta V); between pulses it decays towards 0.",
           "Pulse k starts where the previous gap ended: w_end = w_inf + (w_start - w_inf) "
           "exp(-width / tau), then w_start(next) = w_end exp(-(interval - width) / tau).",
           "drive_pulses(VolatileMemristor(), [2.0] * 5, pulse_width=1e-3, interval=5e-3) "
           "returns w_pulse_end for every pulse."),
    _value("6.4", ch06.check_afferent_threshold, "When does the afferent fire?",
           "Without spikes the LIF membrane settles at E_L + R I.",
           "Set E_L + R (I_rest + I_gain p) = V_th and solve for p (R in MOhm times nA is mV).",
           "Take E_L, V_th and R from parameters('lif') and I_rest, I_gain from "
           "tac.TRANSDUCER_SPECS (their defaults)."),
    _value("6.5", ch06.check_stdp_pulses, "Pulses for one STDP pair",
           "Pre before post by 10 ms requests dw = A_plus exp(-10 / tau_plus).",
           "Take A_plus, tau_plus and w_max from sl.STDP_LEARNING_SPECS (their defaults).",
           "One pulse is worth w_max / P of weight (P = states_ltp of Ag:a-Si); stochastic "
           "rounding sends P dw / w_max pulses on average, fractions included."),
    _value("6.6", ch06.check_bit_error, "One bit flip in a Hopfield network",
           "The load is alpha = P / N.",
           "The estimate is Phi(-1 / sqrt(alpha)), Phi the standard normal CDF.",
           "hf.bit_error_probability(load) evaluates it (without n_neurons)."),
    _code("6.7", "q_update", coding.check_q_update, "Q-learning update",
          "The TD target is r + gamma * max_a' Q(s', a').",
          "After a terminal state there is no future: the target is r alone.",
          "Q(s, a) moves alpha of the way to the target: Q += alpha * (target - Q); return "
          "the table."),
    # ---- chapter 7
    _value("7.1", partial(ch07.check_limiter, preset="HZO FeFET", mode="in_situ"),
           "What limits this device?",
           "Read limiting_fom(...).summary() for the HZO FeFET in situ.",
           "The answer is one key of FOM_GROUPS.",
           context={"settings": "in_situ"}, time_limit=120.0),
    _value("7.2", ch07.check_retention_time, "Ten-year retention",
           "Retention follows exp(-(t/tau)^beta).",
           "Set exp(-(t/tau)^beta) = 0.9 at t = ten years and solve for tau (seconds)."),
    _value("7.3", partial(ch07.check_design, max_changes=2), "The challenge",
           "Change at most two groups of figures of merit of the starting design.",
           "Fix the limiters the analysis names, one at a time.",
           context={"start": "start"}, time_limit=120.0),
    _value("7.4", ch07.check_least_energy, "What must my device reach?",
           "A trial reaches the target when its 'feasible' column is True.",
           "Among the feasible trials of bo.trials, take the smallest energy_pj (pJ).",
           context={"study": "bo"}),
    _value("7.5", ch07.check_extrapolation_winner, "Physics or data beyond the data?",
           "Look at the extrapolation rows of cmp.table: rmse against the true curve.",
           "The model with the smaller extrapolation rmse wins; answer 'physical' "
           "(neurosim) or 'learned'.",
           context={"comparison": "cmp"}),
)

#: Every exercise, by id.
EXERCISES: dict[str, Exercise] = {e.id: e for e in _ENTRIES}
if len({e.answer for e in _ENTRIES}) != len(_ENTRIES):  # pragma: no cover - a typo guard
    raise RuntimeError("two exercises share an answer name")

#: Old (shared) answer variable -> new name, per chapter, for the chapter sources.
ANSWER_RENAMES: dict[str, dict[str, str]] = {}
for _e in _ENTRIES:
    if _e.kind == "value":
        ANSWER_RENAMES.setdefault(_e.chapter, {})[_e.id] = _e.answer


def exercise(id_: str) -> Exercise:
    """The exercise ``id_`` (``"1.2"``); ``KeyError`` names the known ids."""
    try:
        return EXERCISES[id_]
    except KeyError:
        raise KeyError(f"no exercise {id_!r}; known: {', '.join(EXERCISES)}") from None


def chapter_exercises(chapter: int | str) -> list[Exercise]:
    """The exercises of one chapter (``1`` or ``"01"``), in id order."""
    ch = f"{int(chapter):02d}"
    return [e for e in _ENTRIES if e.chapter == ch]


def by_answer_name() -> dict[str, Exercise]:
    """Answer name -> exercise (names are unique)."""
    return {e.answer: e for e in _ENTRIES}


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`ExerciseTimeout` in the block after ``seconds`` (main thread, POSIX)."""
    usable = (hasattr(signal, "setitimer") and seconds > 0
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise ExerciseTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_check(ex: Exercise, answer: Any, context: Mapping[str, Any],
               time_limit: float | None = None) -> Feedback:
    title = f"Exercise {ex.id}: {ex.title}"
    try:
        with _time_limit(ex.time_limit if time_limit is None else time_limit):
            fb = ex.check(answer, **context)
    except ExerciseTimeout as err:
        return Feedback(False, f"The check {err}: does your code loop forever, or simulate "
                        "far more than needed?", title)
    except Exception as err:  # a broken answer is a wrong answer, never a crash
        return Feedback(False, f"Checking your answer raised {type(err).__name__}: {err}",
                        title)
    return replace(fb, exercise=title)


_ATTEMPTS: dict[str, int] = {}


def reset_hints(id_: str | None = None) -> None:
    """Start the hint ladder of ``id_`` (or of every exercise) again from the first hint."""
    if id_ is None:
        _ATTEMPTS.clear()
    else:
        _ATTEMPTS.pop(id_, None)


def check(id_: str, answer: Any, **context: Any) -> Feedback:
    """Check ``answer`` for exercise ``id_`` and climb its hint ladder on a wrong attempt.

    ``None`` (the placeholder) is not an attempt: it gets the check's own prompt.  The
    n-th wrong attempt adds hint n of the exercise (the last one repeats).

    Examples
    --------
    >>> reset_hints("1.2")
    >>> [("Hint 1/3" in check("1.2", 9.0).message), ("Hint 2/3" in check("1.2", 9.0).message)]
    [True, True]
    """
    ex = exercise(id_)
    missing = sorted(set(ex.context) - set(context))
    if missing:
        raise TypeError(f"exercise {id_} needs {', '.join(missing)}: call {ex.call_hint()}")
    fb = _run_check(ex, answer, context)
    if fb.correct or answer is None or not ex.hints:
        return fb
    n = _ATTEMPTS.get(id_, 0) + 1
    _ATTEMPTS[id_] = n
    k = min(n, len(ex.hints))
    return replace(fb, message=f"{fb.message} Hint {k}/{len(ex.hints)}: {ex.hints[k - 1]}")


def grade(id_: str, namespace: Mapping[str, Any], *,
          time_limit: float | None = None) -> Feedback:
    """Check exercise ``id_`` on a notebook's namespace (what the autograder calls).

    The answer and the context variables are looked up by name; a missing one is a
    wrong answer.  No hint ladder (grading does not count as an attempt).
    ``time_limit`` overrides the exercise's own limit (seconds).
    """
    ex = exercise(id_)
    names = [ex.answer, *ex.context.values()]
    absent = [n for n in names if n not in namespace]
    if absent:
        return Feedback(False, f"{', '.join(absent)} is not defined in the notebook",
                        f"Exercise {ex.id}: {ex.title}")
    context = {k: namespace[v] for k, v in ex.context.items()}
    return _run_check(ex, namespace[ex.answer], context, time_limit)
