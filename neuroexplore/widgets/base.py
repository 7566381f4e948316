"""Shared lab machinery: message area, error capture, progress bars, lab state.

Every lab derives from :class:`Lab`.  Engine errors are shown as a message in the
lab (never a traceback), and long work reports to a :class:`Progress` bar.  A lab's
state (:meth:`Lab.state`, :meth:`Lab.from_state`) is read from the controls it
declares in :meth:`Lab.state_controls`; it travels in the page's link
(:meth:`Lab.apply_url`, the "Copy link" control).
"""

from __future__ import annotations

import contextlib
import functools
import html
import inspect
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import ipywidgets as w
import numpy as np

from ..params import ParamSpec
from .plotting import apply_export_config

__all__ = [
    "Lab",
    "LazyControls",
    "Progress",
    "TabbedLab",
    "missing_extra_lab",
    "missing_extra_text",
    "tab_property",
    "uploaded_text",
]

#: Optional dependencies -> the ``neuroexplore`` extra that installs them.
EXTRAS = {"torch": "torch"}


def missing_extra_text(exc: ModuleNotFoundError, what: str = "this") -> str | None:
    """The install hint for a missing optional dependency, or ``None`` for any other.

    >>> text = missing_extra_text(
    ...     ModuleNotFoundError("No module named 'torch'", name="torch"), "CrossbarLab")
    >>> text.split(" (")[0]
    'CrossbarLab needs PyTorch: install neuroexplore[torch]'
    >>> missing_extra_text(ModuleNotFoundError("No module named 'foo'", name="foo")) is None
    True
    """
    root = (exc.name or "").split(".")[0]
    if root not in EXTRAS:
        return None
    extra = EXTRAS[root]
    return (f"{what} needs PyTorch: install neuroexplore[{extra}] "
            f'(pip install "neuroexplore[{extra}]", CPU build first: '
            "pip install torch --index-url https://download.pytorch.org/whl/cpu).")



# -- lab state: save, restore, share by link ---------------------------------------------
#: Keys of :meth:`Lab.state` that describe the state rather than set a control.
META_KEYS = ("lab", "version")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_SELECTIONS = (w.Dropdown, w.RadioButtons, w.ToggleButtons, w.Select, w.SelectionSlider)


@dataclass(frozen=True)
class LazyControls:
    """State controls made by tab ``index``'s builder (a :class:`TabbedLab`).

    ``get()`` returns a widget, a ``{name: widget}`` mapping or a nested :class:`Lab`.
    :meth:`Lab.state` lists them only once the tab is built (until then they hold
    their defaults, and reading the state builds nothing); applying a state that
    names one of them builds the tab first.
    """

    index: int
    get: Callable[[], Any]


def _slug(title: str) -> str:
    """A tab title as a URL-friendly name.

    >>> _slug("V(t) and states")
    'v-t-and-states'
    """
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _tab_slugs(tabs: w.Tab) -> list[str]:
    return [_slug(tabs.get_title(i) or str(i)) for i in range(len(tabs.children))]


def _choices(ctl: w.Widget) -> list[tuple[str, Any]]:
    """``(label, value)`` of every option of a selection widget."""
    options = ctl.options
    if isinstance(options, Mapping):
        return [(str(k), v) for k, v in options.items()]
    return [
        (str(o[0]), o[1]) if isinstance(o, tuple) and len(o) == 2 else (str(o), o)
        for o in options
    ]


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _round(value: float) -> float:
    """A float with the slider's binary round-off removed (10 significant digits)."""
    return float(f"{float(value):.10g}") + 0.0


def _bounds(ctl: w.Widget) -> tuple[float, float]:
    if isinstance(ctl, w.FloatLogSlider):
        return ctl.base ** ctl.min, ctl.base ** ctl.max
    return ctl.min, ctl.max


def control_state(ctl: w.Widget) -> Any:
    """The JSON-able state value of one control (a selection by value, else by label).

    >>> control_state(w.FloatSlider(value=0.30000000000000004, min=0, max=1))
    0.3
    """
    if isinstance(ctl, w.Tab):
        return _tab_slugs(ctl)[ctl.selected_index or 0]
    if isinstance(ctl, _SELECTIONS):
        return ctl.value if _plain(ctl.value) else ctl.label
    value = ctl.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _round(value)
    if isinstance(value, (tuple, list)):
        return [_round(v) if isinstance(v, float) else v for v in value]
    return value


def _range_text(ctl: w.Widget) -> str:
    low, high = _bounds(ctl)
    spec = getattr(ctl, "param_spec", None)
    if isinstance(spec, ParamSpec):
        if np.isclose(spec.low, low) and np.isclose(spec.high, high):
            return spec.range_text
        return f"[{low:.6g}, {high:.6g}]" + (f" {spec.unit}" if spec.unit else "")
    return f"[{low:.6g}, {high:.6g}]"


def _number(key: str, ctl: w.Widget, raw: Any, integer: bool) -> float | int:
    text = _range_text(ctl)
    kind = "an integer" if integer else "a number"
    try:
        if isinstance(raw, bool):
            raise TypeError
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be {kind} in {text}, got {raw!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"{key} must be {kind} in {text}, got {raw!r}")
    if integer and value != round(value):
        raise ValueError(f"{key} must be {kind} in {text}, got {raw!r}")
    low, high = _bounds(ctl)
    tol = 1e-9 * max(1.0, abs(low), abs(high))
    if not low - tol <= value <= high + tol:
        raise ValueError(f"{key} = {raw!r} is outside its valid range {text}")
    value = min(max(value, low), high)
    return int(round(value)) if integer else value


def coerce_state(key: str, ctl: w.Widget, raw: Any) -> Any:
    """The control value that state value ``raw`` (JSON or URL text) stands for.

    Raises ``ValueError`` naming ``key`` and the valid range or options.

    >>> coerce_state("n", w.IntSlider(value=3, min=1, max=10), "7")
    7
    >>> coerce_state("n", w.IntSlider(value=3, min=1, max=10), 50)
    Traceback (most recent call last):
    ...
    ValueError: n = 50 is outside its valid range [1, 10]
    """
    if isinstance(ctl, w.Tab):
        slugs = _tab_slugs(ctl)
        titles = [ctl.get_title(i) for i in range(len(slugs))]
        for i, (slug, title) in enumerate(zip(slugs, titles, strict=True)):
            if str(raw) in (slug, title, str(i)):
                return i
        raise ValueError(f"{key} = {raw!r} is not valid; expected one of {', '.join(slugs)}")
    if isinstance(ctl, _SELECTIONS):
        pairs = _choices(ctl)
        for test in (lambda lab, val: raw == val and type(raw) is type(val),
                     lambda lab, val: isinstance(val, bool)
                     and str(raw).lower() in (_TRUE if val else _FALSE),
                     lambda lab, val: _plain(val) and str(raw) == str(val),
                     lambda lab, val: str(raw) == lab):
            for label, value in pairs:
                if test(label, value):
                    return value
        allowed = ", ".join(str(v) if _plain(v) else lab for lab, v in pairs)
        raise ValueError(f"{key} = {raw!r} is not valid; expected one of {allowed}")
    if isinstance(ctl.value, bool):
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in _TRUE | _FALSE:
            return str(raw).lower() in _TRUE
        raise ValueError(f"{key} must be true or false, got {raw!r}")
    if isinstance(ctl, (w.IntRangeSlider, w.FloatRangeSlider)):
        parts = raw.split(",") if isinstance(raw, str) else list(raw)
        if len(parts) != 2:
            raise ValueError(f"{key} must be two numbers (low,high) in {_range_text(ctl)}")
        integer = isinstance(ctl, w.IntRangeSlider)
        low, high = (_number(key, ctl, p, integer) for p in parts)
        return (min(low, high), max(low, high))
    if hasattr(ctl, "min") and hasattr(ctl, "max"):
        return _number(key, ctl, raw, isinstance(ctl.value, int))
    if isinstance(ctl.value, str):
        return str(raw)
    raise ValueError(f"{key}: a {type(ctl).__name__} cannot be set from a state")


def _url_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (list, tuple)):
        return ",".join(_url_text(v) for v in value)
    return str(value)


#: A browser-side button that copies the link (resolved against the page) to the clipboard.
_COPY_BUTTON = (
    '<button type="button" class="neuroexplore-copy-state-link" title="copy the link" '
    'onclick="const a = this.parentNode.querySelector(\'a.neuroexplore-state-link\'); '
    'navigator.clipboard.writeText(a.href).then(() => { this.textContent = \'copied\'; })">'
    "copy</button>"
)


def voila_query_string() -> str | None:
    """The page's query string when running in Voila, else ``None``.

    With preheated kernels Voila's helper waits for the request that takes the kernel.

    >>> voila_query_string() is None  # not in Voila
    True
    """
    if not (os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_PREHEAT")):
        return None
    try:
        from voila.utils import get_query_string
    except ImportError:
        return None
    return get_query_string()


class Progress(w.HBox):
    """A labelled progress bar; call it as ``progress(done, total)``."""

    def __init__(self, description: str = "progress") -> None:
        self.bar = w.FloatProgress(value=0.0, min=0.0, max=1.0, description=description)
        self.text = w.Label("")
        super().__init__([self.bar, self.text])

    def __call__(self, done: int, total: int) -> None:
        total = max(int(total), 1)
        self.bar.value = min(1.0, done / total)
        self.text.value = f"{done}/{total}"

    def reset(self) -> None:
        self.bar.value = 0.0
        self.text.value = ""


def _walk_widgets(root: w.Widget) -> Iterator[w.Widget]:
    """*root* and the widgets it contains (boxes and tabs, recursively)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen or not isinstance(widget, w.Widget):
            continue
        seen.add(id(widget))
        yield widget
        stack.extend(getattr(widget, "children", ()) or ())


def _out_of_range(widget: w.Widget, state: Mapping[str, Any]) -> str | None:
    """Why ``state['value']`` does not fit *widget*'s ``min``/``max``, or ``None``."""
    if "value" not in state or not (hasattr(widget, "min") and hasattr(widget, "max")):
        return None
    value = state["value"]
    values = value if isinstance(value, (list, tuple)) else [value]
    low, high = widget.min, widget.max
    if isinstance(widget, w.FloatLogSlider):  # min and max are exponents of base
        low, high = widget.base ** low, widget.base ** high
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return "not a number"
        if not np.isfinite(v):
            return "not a finite number"
        # a relative tolerance for the browser's float rounding at the ends
        slack = 1e-9 * max(abs(low), abs(high))
        if not low - slack <= v <= high + slack:
            return f"outside its range [{low:g}, {high:g}]"
    return None


def _guarded_set_state(lab: Lab, widget: w.Widget, set_state: Callable[[Any], None],
                       sync_data: Any) -> None:
    """``widget.set_state`` that refuses a bad update with a message in *lab*."""
    state = sync_data if isinstance(sync_data, Mapping) else {}
    why = _out_of_range(widget, state)
    if why is None:
        try:
            set_state(sync_data)
        except Exception as exc:  # noqa: BLE001 - shown to the user, not swallowed
            why = str(exc) or type(exc).__name__
        else:  # an accepted update clears the message of a refused one
            if getattr(lab, "_error_source", None) == "browser-update":
                lab.clear_message()
                lab._error_source = None
            return
    name = getattr(widget, "description", "") or type(widget).__name__
    shown = {k: v for k, v in state.items() if k in ("value", "index", "label")}
    what = ", ".join(f"{k} = {v!r}"[:80] for k, v in shown.items()) if len(shown) > 1 else (
        f"{name} = {next(iter(shown.values()))!r}"[:80] if shown else name)
    lab.show_error(f"{what} was refused: {why}")
    lab._error_source = "browser-update"
    with contextlib.suppress(Exception):  # put the browser back in step with the kernel
        widget.send_state([k for k in state if k in widget.keys])


class Lab(w.VBox):
    """Base class of every lab: a ``VBox`` with a message area.

    Subclasses build their controls and one or more ``FigureWidget``\\ s, then call
    ``super().__init__(children)``.  Callbacks wrapped with :meth:`guarded` show an
    engine's ``ValueError`` (or any other exception) in :attr:`message` instead of
    raising, and clear it once the same callback succeeds again.
    """

    def __init__(self, children: list[w.Widget], **kwargs: Any) -> None:
        if not hasattr(self, "message"):
            self.message = w.HTML("")
        self._applying_state = False
        self.link_button = w.Button(description="Copy link", icon="link",
                                    tooltip="a link that opens this lab in its present state")
        self.link_html = w.HTML("")
        self.link_button.add_class("neuroexplore-copy-link")
        self.link_html.add_class("neuroexplore-link")
        self.link_button.on_click(lambda _b: self.guarded(self.show_link, "link")())
        self.link_bar = w.HBox([self.link_button, self.link_html])
        super().__init__([self.link_bar, *children, self.message], **kwargs)
        self.add_class("neuroexplore-lab")
        self.guarded(apply_export_config, "figure-export")(self)
        self.guard_messages()

    def _repr_mimebundle_(self, **kwargs: Any):
        # figures saved from the toolbar are named after the state the lab is shown in
        self.guarded(apply_export_config, "figure-export")(self)
        self.guard_messages()
        return super()._repr_mimebundle_(**kwargs)

    # -- messages ------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show ``text`` as an error in the lab."""
        self.message.value = (
            '<div class="neuroexplore-error" style="color:#b00020;font-weight:600">'
            f"&#9888; {html.escape(text)}</div>"
        )

    def show_info(self, text: str) -> None:
        """Show ``text`` as a neutral note in the lab."""
        self.message.value = (
            f'<div class="neuroexplore-info" style="color:#333">{html.escape(text)}</div>'
        )

    def clear_message(self) -> None:
        self.message.value = ""

    @property
    def error(self) -> str:
        """The current error text, or ``""`` (handy in tests and exercises)."""
        value = self.message.value
        if "neuroexplore-error" not in value:
            return ""
        return html.unescape(value.split("&#9888; ", 1)[1].rsplit("</div>", 1)[0])

    def guarded(self, fn: Callable[..., Any], key: str | None = None) -> Callable[..., Any]:
        """Wrap a callback so that exceptions become a message in the lab.

        ``key`` names the computation the callback drives (default: its qualified
        name); a later success with the same key clears the error it showed.
        """
        source = key or getattr(fn, "__qualname__", repr(fn))

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the user, not swallowed
                hint = (missing_extra_text(exc, "This part of the lab")
                        if isinstance(exc, ModuleNotFoundError) else None)
                kind = "" if isinstance(exc, ValueError) else f"{type(exc).__name__}: "
                self.show_error(hint or f"{kind}{exc}")
                self._error_source = source
                return None
            # a success clears only the error that this same callback raised
            if getattr(self, "_error_source", None) == source:
                self.clear_message()
                self._error_source = None
            return result

        return wrapper

    # -- what the browser sends -----------------------------------------------------
    def guard_messages(self, root: w.Widget | None = None) -> None:
        """Make the widgets under *root* (default: the lab) refuse bad front-end updates.

        A widget's ``set_state`` is what a comm ``update`` message from the browser
        calls. Here it first refuses a value outside a control's ``min``/``max`` or not
        finite (a crafted message, not the slider), and any update that raises (an
        unknown option of a dropdown, a callback error): the control keeps its value,
        the browser is sent it back, the lab shows a message and nothing raises in
        the kernel. Widgets of a nested lab keep that lab's guard; widgets put into a
        box later (a model's parameter sliders) are guarded when they arrive.

        >>> lab = Lab([w.IntSlider(value=3, min=0, max=10, description="n")])
        >>> slider = lab.children[1]
        >>> slider.set_state({"value": 99})  # as the comm does
        >>> slider.value, lab.error
        (3, 'n = 99 was refused: outside its range [0, 10]')
        """
        for widget in _walk_widgets(self if root is None else root):
            if widget.__dict__.get("_neuroexplore_lab") is not None:
                continue
            widget._neuroexplore_lab = self  # the lab whose message area shows a refusal
            widget.set_state = functools.partial(_guarded_set_state, self, widget,
                                                 widget.set_state)
            if "children" in widget.keys:  # controls swapped in later are guarded too
                widget.observe(lambda change: self.guard_messages(change["owner"]),
                               "children")

    # -- state: save, restore, share by link --------------------------------------------
    def state_controls(self) -> dict[str, Any]:
        """The controls that make this lab's state, in the order they are applied.

        ``{key: entry}``: an entry is a widget, a ``{name: widget}`` mapping (keys
        ``key.name``), a nested :class:`Lab` (keys ``key.<its keys>``) or a
        :class:`LazyControls` of a tab built on demand.  A control whose options
        depend on another comes after it (model, then preset, then amplitude); the
        mapping is read again after each control is set, so controls rebuilt by an
        earlier one are found.  Overridden by every lab; the base lab has none.
        """
        return {}

    def _state_items(self, wanted: Mapping[str, Any] | None = None) -> list[tuple[str, Any]]:
        """``(key, control)`` of the state controls, flattened.

        Tabs not built yet are skipped, unless a key of ``wanted`` needs them: then
        they are built.
        """
        return list(_flatten(self, self.state_controls(), "", wanted))

    def state(self) -> dict[str, Any]:
        """The lab's present state as a JSON-able dict (cheap; changes nothing).

        ``lab`` and ``version`` name the lab class and the neuroexplore version;
        the other keys are the controls of :meth:`state_controls`.
        """
        from .. import __version__

        out: dict[str, Any] = {"lab": type(self).__name__, "version": __version__}
        for key, ctl in self._state_items():
            out[key] = control_state(ctl)
        return out

    def apply_state(self, state: Mapping[str, Any], *, strict: bool = True) -> list[str]:
        """Set the controls from ``state`` (a :meth:`state` dict or parsed URL text).

        Keys are applied in the order of :meth:`state_controls`.  ``strict``: the
        first unknown key, bad type or out-of-range value raises ``ValueError``
        naming the key and its valid range or options; otherwise those are skipped
        (their controls keep their values) and the problems are returned.
        """
        problems: list[str] = []

        def fail(text: str) -> None:
            if strict:
                raise ValueError(text)
            problems.append(text)

        name = state.get("lab")
        if name is not None and name != type(self).__name__:
            fail(f"lab = {name!r}: this state is for another lab than {type(self).__name__}")
        remaining = {k: v for k, v in state.items() if k not in META_KEYS}
        self._applying_state = True
        try:
            while remaining:
                items = self._state_items(remaining)
                found = next(((k, c) for k, c in items if k in remaining), None)
                if found is None:
                    break
                key, ctl = found
                raw = remaining.pop(key)
                try:
                    value = coerce_state(key, ctl, raw)
                except ValueError as exc:
                    fail(str(exc))
                    continue
                if isinstance(ctl, w.Tab):
                    ctl.selected_index = value
                else:
                    ctl.value = value
            if remaining:
                unbuilt: list[str] = []
                keys = [k for k, _c in _flatten(self, self.state_controls(), "", None, unbuilt)]
                if isinstance(self, TabbedLab):
                    keys.append("tab")
                known = ", ".join([*keys, *unbuilt])
                plural = "s" if len(remaining) > 1 else ""
                fail(f"{', '.join(remaining)}: unknown state key{plural} for "
                     f"{type(self).__name__}; valid keys are {known}")
        finally:
            self._applying_state = False
        if self.link_html.value:
            self.show_link()
        return problems

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Lab:
        """A new lab in ``state`` (a dict from :meth:`state`, or its JSON text).

        ``Lab.from_state`` builds the lab class that ``state["lab"]`` names.
        """
        if isinstance(state, str):
            state = json.loads(state)
        if not isinstance(state, Mapping):
            raise ValueError(f"a lab state is a dict of control values, got {state!r}")
        target = cls
        name = state.get("lab")
        if cls is Lab or (name is not None and name != cls.__name__):
            from . import __all__ as labs

            if name not in labs:
                raise ValueError(f"lab = {name!r} is not a lab; valid labs are {labs}")
            from .. import widgets

            target = getattr(widgets, name)
        if not (isinstance(target, type) and issubclass(target, cls)):
            raise ValueError(f"lab = {name!r} is not a {cls.__name__}")
        # names the constructor takes (model, preset, device) are passed to it, so the
        # lab is built once in that choice rather than built and then rebuilt
        params = inspect.signature(target.__init__).parameters
        kwargs = {k: v for k, v in state.items() if k in params and k not in META_KEYS
                  and params[k].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
                  and isinstance(v, str)}
        try:
            lab = target(**kwargs)
        except (ValueError, KeyError, TypeError):
            lab = target()  # a bad name: apply_state below names the key and its options
        lab.apply_state(state)
        return lab

    def link_query(self) -> str:
        """The URL query string (``?key=value&...``) of the present state.

        Relative to the page, it reopens the app in this state (see :meth:`apply_url`).
        """
        pairs = [(k, _url_text(v)) for k, v in self.state().items() if k not in META_KEYS]
        return "?" + urlencode(pairs)

    def show_link(self) -> str:
        """Show the link of the present state (kept up to date from now on); return it."""
        query = self.link_query()
        self.link_html.value = (
            f'<a class="neuroexplore-state-link" href="{html.escape(query)}" target="_blank" '
            'title="this lab in its present state">link to this state</a> '
            f'<code style="user-select:all;font-size:85%">{html.escape(query)}</code> '
            + _COPY_BUTTON
        )
        for _key, ctl in self._state_items():
            if getattr(ctl, "_neuroexplore_link_of", None) is not self:
                ctl._neuroexplore_link_of = self
                ctl.observe(self._on_state_change,
                            names="selected_index" if isinstance(ctl, w.Tab) else "value")
        return query

    def _on_state_change(self, _change: Any) -> None:
        if not self._applying_state and self.link_html.value:
            self.guarded(self.show_link, "link")()

    def apply_url(self, query: str | None = None) -> list[str]:
        """Set the lab from a page's URL query string (default: Voila's page).

        Outside Voila, with no ``query``, nothing happens.  Unknown keys and bad
        values are listed in the lab's message area and keep their defaults; the
        problems are returned.
        """
        if query is None:
            query = voila_query_string()
        if not query:
            return []
        state = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
        problems = self.apply_state(state, strict=False)
        if problems:
            self.show_error("Link: ignored " + "; ".join(problems)
                            + ". Defaults are used for those.")
        return problems

    def observe_all(self, controls, callback: Callable[..., Any], key: str | None = None) -> None:
        """Observe ``value`` on every control (a mapping or iterable) with a guarded callback."""
        guarded = self.guarded(callback, key)
        items = controls.values() if hasattr(controls, "values") else controls
        for ctl in items:
            ctl.observe(lambda _change: guarded(), names="value")


def _flatten(lab: Lab, mapping: Mapping[str, Any], prefix: str,
             wanted: Mapping[str, Any] | None,
             unbuilt: list[str] | None = None) -> Iterator[tuple[str, Any]]:
    """Flatten :meth:`Lab.state_controls` into ``(key, control)`` (see ``_state_items``).

    The groups of tabs not built (and not wanted) are skipped; their ``key.*`` names
    are added to ``unbuilt``.
    """
    for key, entry in mapping.items():
        full = prefix + key
        if isinstance(entry, LazyControls):
            if not lab.is_built(entry.index):
                if wanted is None or not any(k == full or k.startswith(full + ".")
                                             for k in wanted):
                    if unbuilt is not None:
                        unbuilt.append(f"{full}.*")
                    continue
                lab.ensure_tab(entry.index)
            entry = entry.get()
        if isinstance(entry, Lab):
            sub = None if wanted is None else {
                k[len(full) + 1:]: v for k, v in wanted.items() if k.startswith(full + ".")}
            for k, ctl in entry._state_items(sub):
                yield f"{full}.{k}", ctl
        elif isinstance(entry, Mapping):
            yield from _flatten(lab, entry, full + ".", wanted)
        elif entry is not None:
            yield full, entry


class TabbedLab(Lab):
    """A lab of tabs, each built the first time it is opened.

    Every ``FigureWidget`` ships plotly.js to the browser, so building only the first
    tab keeps a lab's first render short.  Subclasses call :meth:`init_tabs` with
    ``(title, build, update)`` triples: ``build()`` returns the tab's content and
    sets the tab's attributes; ``update()`` (or ``None``) draws it once built.
    Attributes a tab creates are reached through :meth:`tab_attribute`, which builds
    the tab on demand; declare them with :func:`tab_property`.

    A tab's own controls redraw it with :meth:`redraw_tab`.  When an input shared by
    several tabs changes (a device chosen in the header), :meth:`invalidate_tabs`
    redraws the visible one at once and the others when they are next shown.
    """

    def init_tabs(
        self,
        tabs: list[tuple[str, Callable[[], w.Widget], Callable[[], Any] | None]],
        header: list[w.Widget] | None = None,
        footer: list[w.Widget] | None = None,
    ) -> None:
        """Create :attr:`tabs`, call ``Lab.__init__`` and build the first tab.

        ``header`` widgets go above the tabs, ``footer`` widgets below them (above
        the message area).
        """
        self._tab_specs = list(tabs)
        self._built_tabs: set[int] = set()
        self._stale_tabs: set[int] = set()
        self.tabs = w.Tab([w.VBox() for _ in self._tab_specs])
        for i, (title, _build, _update) in enumerate(self._tab_specs):
            self.tabs.set_title(i, title)
        Lab.__init__(self, [*(header or []), self.tabs, *(footer or [])])
        self.ensure_tab(0)
        self.tabs.observe(lambda _c: self._show_tab(self.tabs.selected_index),
                          names="selected_index")

    def _state_items(self, wanted: Mapping[str, Any] | None = None) -> list[tuple[str, Any]]:
        # the selected tab comes last: it is shown once every control is set
        return [*super()._state_items(wanted), ("tab", self.tabs)]

    def ensure_tab(self, index: int) -> None:
        """Build tab ``index`` (once) and draw it."""
        if index is None or index in self._built_tabs:
            return
        self._built_tabs.add(index)
        _title, build, update = self._tab_specs[index]
        content = self.guarded(build, f"build-tab-{index}")()
        if content is None:  # the builder failed; its error is shown; allow a retry
            self._built_tabs.discard(index)
            return
        self._stale_tabs.discard(index)
        if update is not None:
            self.guarded(update)()
        # the toolbar's image export, named after the lab and its state
        self.guarded(apply_export_config, "figure-export")(content, self)
        if isinstance(content, Lab):  # a nested lab: the link is this lab's, not its own
            content.link_bar.layout.display = "none"
        self.tabs.children[index].children = [content]
        self.guard_messages(content)

    def is_built(self, index: int) -> bool:
        """Whether tab ``index`` has been built."""
        return index in self._built_tabs

    def is_stale(self, index: int) -> bool:
        """Whether tab ``index`` is not drawn from the present inputs (or not built)."""
        return index not in self._built_tabs or index in self._stale_tabs

    def redraw_tab(self, index: int) -> None:
        """Recompute and redraw tab ``index`` now (building it first if needed).

        Errors go to the message area; a later success of the same tab clears them.
        """
        if index not in self._built_tabs:
            self.ensure_tab(index)  # building draws it
            return
        self._stale_tabs.discard(index)
        update = self._tab_specs[index][2]
        if update is not None:
            self.guarded(update)()

    def invalidate_tabs(self, *indices: int) -> None:
        """Mark tabs out of date: the visible one is redrawn now, the others when shown."""
        self._stale_tabs.update(i for i in indices if i in self._built_tabs)
        visible = self.tabs.selected_index
        if visible in self._stale_tabs:
            self.redraw_tab(visible)

    def _show_tab(self, index: int | None) -> None:
        if index is None:
            return
        self.ensure_tab(index)
        if index in self._stale_tabs:
            self.redraw_tab(index)

    def tab_attribute(self, index: int, name: str) -> Any:
        """Attribute ``name`` created by tab ``index``'s builder (building it if needed)."""
        self.ensure_tab(index)
        try:
            return self.__dict__[name]
        except KeyError:
            title = self._tab_specs[index][0]
            raise AttributeError(
                f"{name}: the {title!r} tab could not be built ({self.error or 'see above'})"
            ) from None


def tab_property(index: int, name: str, doc: str | None = None) -> property:
    """A read-only property for attribute ``name`` set by tab ``index``'s builder."""
    return property(lambda self: self.tab_attribute(index, name), doc=doc)


def uploaded_text(item: Any) -> str:
    """The text of one file from an ``ipywidgets.FileUpload`` value.

    Decoded as :func:`~neuroexplore.devices.measurements.decode_measurement` reads
    measurement files (UTF-8 with or without BOM, else cp1252 as Excel writes);
    a file over :data:`~neuroexplore.devices.measurements.MAX_UPLOAD_BYTES` raises a
    ``ValueError`` naming the file and the limit.
    """
    from ..devices.measurements import MAX_UPLOAD_BYTES, decode_measurement

    return decode_measurement(item["content"], item["name"], max_bytes=MAX_UPLOAD_BYTES)


@contextlib.contextmanager
def first_upload(change: dict) -> Iterator[tuple[str, str] | None]:
    """``(text, file name)`` of the first file of a ``FileUpload`` change, or ``None``.

    On leaving the block the upload widget is cleared, so that uploading the same file
    again is seen as a change::

        with first_upload(change) as upload:
            if upload is not None:
                self.load(*upload)
    """
    files = change["new"]
    if not files:
        yield None
        return
    item = files[0]
    try:
        yield uploaded_text(item), item["name"]
    finally:
        change["owner"].value = ()


def missing_extra_lab(name: str, exc: ModuleNotFoundError) -> type[Lab]:
    """A stand-in for lab class ``name`` whose optional dependency is missing.

    Built like the real lab (any arguments are ignored), it is a :class:`Lab` that shows
    the install hint in its message area instead of raising ``ModuleNotFoundError``.
    """
    text = missing_extra_text(exc, name) or f"{type(exc).__name__}: {exc}"

    class MissingExtraLab(Lab):
        __doc__ = text

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__([])
            self.link_bar.layout.display = "none"
            self.show_error(text)

        def apply_state(self, state: Mapping[str, Any], *, strict: bool = True) -> list[str]:
            # the install hint stays in the message area: a link cannot set this lab
            if strict and any(k not in META_KEYS for k in state):
                raise ValueError(text)
            return []

    MissingExtraLab.__name__ = MissingExtraLab.__qualname__ = name
    MissingExtraLab.missing = text
    return MissingExtraLab
