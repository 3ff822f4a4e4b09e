"""`python -m tools.catalog`: build seqgen/data/catalog.json (see tools/catalog/build.py)."""

import sys

from tools.catalog.build import main

sys.exit(main())
