"""Applications assisted by machine learning (review chapter 6), built on the engines.

Each module is imported on its own (nothing is imported eagerly here), e.g.
``from neuroexplore.applications.reservoir import mackey_glass_benchmark``.

* :mod:`.mackey_glass` -- the Mackey-Glass delay differential equation (RK4 with
  Hermite interpolation of the delayed state) and its linear stability;
* :mod:`.reservoir` -- reservoir computing with volatile memristors
  (:mod:`neuroexplore.devices.volatile_memristor`, the WOx device of Chang et al. 2011
  / Du et al. 2017) (time-multiplexed
  virtual nodes, random masks, ridge readout) against an echo-state network:
  Mackey-Glass prediction (NRMSE) and temporal pattern (digit) classification;
* :mod:`.tactile` -- braille recognition from a sliding fingertip of pressure
  sensors, artificial afferent neurons and synaptic transistors, against a
  classifier on the raw pressure;
* :mod:`.pattern_recognition`, :mod:`.stdp_learning`, :mod:`.hopfield`,
  :mod:`.decision` -- digit recognition on device arrays, unsupervised STDP
  learning, associative memory and decision making (where present).

Nothing here plots; the labs in :mod:`neuroexplore.widgets` draw the results.
"""
