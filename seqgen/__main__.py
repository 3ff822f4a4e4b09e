"""`python -m seqgen`."""

import sys

from seqgen.cli import main

if __name__ == "__main__":
    sys.exit(main())
