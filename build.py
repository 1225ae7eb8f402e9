"""Build the Battlemap site: `python build.py --help`."""

import sys

from battlemap.cli import main

if __name__ == "__main__":
    sys.exit(main())
