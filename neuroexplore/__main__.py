"""``python -m neuroexplore``: the command line (:mod:`neuroexplore.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
