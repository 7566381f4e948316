import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroexplore.widgets.plotting import decimate_minmax


@settings(max_examples=30, deadline=None)
@given(n=st.integers(10, 20_000), bins=st.integers(5, 500), seed=st.integers(0, 10))
def test_decimation_keeps_extremes_and_order(n, bins, seed):
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.uniform(0.1, 1.0, n))
    y = rng.normal(size=n)
    td, yd = decimate_minmax(t, y, bins)
    assert len(td) <= max(2 * bins, n)
    assert np.all(np.diff(td) >= 0)
    m = (n // bins) * bins if n > 2 * bins else n
    assert yd.max() == y[:m].max() and yd.min() == y[:m].min()


def test_displaying_a_lab_syncs_its_nested_figures():
    """A new browser view starts from ``_widget_data``: it must hold the present data."""
    from neuroexplore.widgets import NetworkLab
    from neuroexplore.widgets.plotting import _figures_in

    lab = NetworkLab()
    figs = _figures_in(lab)
    assert len(figs) >= 2  # the first tab; the others are built when opened
    lab._repr_mimebundle_()
    for fig in figs:
        assert len(fig._widget_data) == len(fig._data)
        for synced, present in zip(fig._widget_data, fig._data, strict=True):
            assert synced.keys() == present.keys()
            for key in ("x", "y"):
                if present.get(key) is not None:
                    np.testing.assert_array_equal(synced[key], present[key])
    assert any(d.get("y") is not None and len(d["y"]) > 0 for d in figs[0]._widget_data)
