"""The rmdesk benchmark suite (``bench/run`` or ``python -m bench``); see bench/harness.py for the design."""
