"""Shared lab machinery: message area, error capture, progress bars.

Every lab derives from :class:`Lab`.  Engine errors are shown as a message in the
lab (never a traceback), and long work reports to a :class:`Progress` bar.
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as w

from .plotting import apply_export_config

__all__ = [
    "Lab",
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
        super().__init__([*children, self.message], **kwargs)
        self.add_class("neuroexplore-lab")
        self.guarded(apply_export_config, "figure-export")(self)

    def _repr_mimebundle_(self, **kwargs: Any):
        # figures saved from the toolbar are named after the state the lab is shown in
        self.guarded(apply_export_config, "figure-export")(self)
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

    def observe_all(self, controls, callback: Callable[..., Any], key: str | None = None) -> None:
        """Observe ``value`` on every control (a mapping or iterable) with a guarded callback."""
        guarded = self.guarded(callback, key)
        items = controls.values() if hasattr(controls, "values") else controls
        for ctl in items:
            ctl.observe(lambda _change: guarded(), names="value")


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
        self.tabs.children[index].children = [content]

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
    """The text of one file from an ``ipywidgets.FileUpload`` value (UTF-8, BOM allowed).

    Raises a ``ValueError`` naming the file when it is not UTF-8 text.
    """
    try:
        return bytes(item["content"]).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{item['name']}: not a UTF-8 text/CSV file ({exc})") from None


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
            self.show_error(text)

    MissingExtraLab.__name__ = MissingExtraLab.__qualname__ = name
    MissingExtraLab.missing = text
    return MissingExtraLab
