"""python -m rmdesk"""

from __future__ import annotations

import sys

from rmdesk.cli import main

sys.exit(main())
