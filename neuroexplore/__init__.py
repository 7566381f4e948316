"""neuroexplore: interactive toolkit for teaching and exploring neuromorphic computing.

Three engines carry the science -- :mod:`neuroexplore.neurons` (numpy/numba),
:mod:`neuroexplore.devices` (numpy/scipy) and :mod:`neuroexplore.crossbar`
(PyTorch, imported lazily) -- and :mod:`neuroexplore.widgets` wraps them in
interactive labs.  The chapters follow Huo et al., *Neuromorphic devices assisted
by machine learning algorithms*, Int. J. Extreme Manuf. 7(4) 042007 (2025).
"""

__version__ = "0.1.0"
