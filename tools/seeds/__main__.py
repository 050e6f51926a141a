"""`python -m tools.seeds`: rebuild corpus/ from ../shared/seeds."""

from tools.seeds.build import main

raise SystemExit(main())
