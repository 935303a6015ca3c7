"""`python -m toolkit`."""

from toolkit.cli import main

raise SystemExit(main())
