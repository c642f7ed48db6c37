import sys

from oversight.cli import main

sys.exit(main())
