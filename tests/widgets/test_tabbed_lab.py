"""TabbedLab: tabs built on first use, stale tabs redrawn when shown, errors in the lab."""

from __future__ import annotations

import ipywidgets as w
import pytest

from neuroexplore.widgets.base import TabbedLab, tab_property


class _Toy(TabbedLab):
    """Three tabs; each counts its builds and draws; ``fail`` makes a step raise."""

    def __init__(self) -> None:
        self.builds = [0, 0, 0]
        self.draws = [0, 0, 0]
        self.fail: set[tuple[str, int]] = set()
        self.footer = w.HTML("footer")
        self.init_tabs([(f"tab {i}", self._builder(i), self._drawer(i)) for i in range(3)],
                       header=[w.HTML("header")], footer=[self.footer])

    label1 = tab_property(1, "_label1", "tab 1's label")
    label2 = tab_property(2, "_label2")

    def _builder(self, i: int):
        def build() -> w.Widget:
            if ("build", i) in self.fail:
                raise ValueError(f"tab {i} cannot be built")
            self.builds[i] += 1
            label = w.Label(f"tab {i}")
            setattr(self, f"_label{i}", label)
            return label

        return build

    def _drawer(self, i: int):
        def draw() -> None:
            if ("draw", i) in self.fail:
                raise ValueError(f"tab {i} cannot be drawn")
            self.draws[i] += 1

        draw.__qualname__ = f"_Toy.draw{i}"
        return draw


def test_only_the_first_tab_is_built_and_others_on_use():
    lab = _Toy()
    assert (lab.builds, lab.draws) == ([1, 0, 0], [1, 0, 0])
    assert [lab.is_built(i) for i in range(3)] == [True, False, False]
    assert lab.children[-2] is lab.footer and lab.children[-1] is lab.message
    assert lab.label2.value == "tab 2"  # built on use, without switching tabs
    assert (lab.builds, lab.draws, lab.tabs.selected_index) == ([1, 0, 1], [1, 0, 1], 0)
    lab.tabs.selected_index = 2
    lab.tabs.selected_index = 1
    assert (lab.builds, lab.draws) == ([1, 1, 1], [1, 1, 1])
    assert type(lab).label1.__doc__ == "tab 1's label"


def test_stale_tabs_are_redrawn_now_when_shown_else_when_next_shown():
    lab = _Toy()
    lab.tabs.selected_index = 1
    lab.invalidate_tabs(0, 1, 2)  # 1 is shown, 0 is hidden, 2 is not built
    assert lab.draws == [1, 2, 0] and lab.is_stale(0) and not lab.is_stale(1)
    assert lab.is_stale(2) and not lab.is_built(2)
    lab.tabs.selected_index = 0
    assert lab.draws == [2, 2, 0] and not lab.is_stale(0)
    lab.tabs.selected_index = 1
    lab.tabs.selected_index = 0
    assert lab.draws == [2, 2, 0]  # nothing changed: no redraw
    lab.tabs.selected_index = 2  # the build draws it once
    assert lab.draws == [2, 2, 1] and not lab.is_stale(2)


def test_a_failing_build_is_a_message_and_can_be_retried():
    lab = _Toy()
    lab.fail.add(("build", 1))
    lab.tabs.selected_index = 1
    assert lab.error == "tab 1 cannot be built" and not lab.is_built(1)
    with pytest.raises(AttributeError, match="_label1"):
        _ = lab.label1
    lab.fail.clear()
    lab.tabs.selected_index = 0
    lab.tabs.selected_index = 1
    assert lab.is_built(1) and lab.error == ""
    assert lab.tabs.children[1].children == (lab.label1,)


def test_a_failing_draw_is_a_message_cleared_by_the_next_success():
    lab = _Toy()
    lab.fail.add(("draw", 0))
    lab.redraw_tab(0)
    assert lab.error == "tab 0 cannot be drawn"
    lab.fail.clear()
    lab.redraw_tab(0)
    assert lab.error == "" and lab.draws == [2, 0, 0]
