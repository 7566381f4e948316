"""ApplicationLab: one lazily built tab per chapter-6 application."""

from __future__ import annotations

import pytest

from neuroexplore.widgets.application_lab import APPLICATION_TABS, ApplicationLab


def test_only_the_first_application_is_built_at_start():
    lab = ApplicationLab()
    assert lab.error == ""
    assert set(lab._labs) == {0}
    assert [lab.tabs.get_title(i) for i in range(len(APPLICATION_TABS))] == [
        title for title, _module, _cls in APPLICATION_TABS
    ]
    assert all(not lab.tabs.children[i].children for i in range(1, len(APPLICATION_TABS)))


@pytest.mark.parametrize(
    "index", range(len(APPLICATION_TABS)), ids=[t[2] for t in APPLICATION_TABS]
)
def test_opening_a_tab_builds_its_lab(index):
    lab = ApplicationLab()
    lab.tabs.selected_index = index
    sub = lab.lab(index)
    assert type(sub).__name__ == APPLICATION_TABS[index][2]
    assert lab.tabs.children[index].children == (sub,)
    assert lab.error == "" and sub.error == ""
    # opening it again reuses the same lab
    lab.tabs.selected_index = 0
    lab.tabs.selected_index = index
    assert lab.lab(index) is sub
