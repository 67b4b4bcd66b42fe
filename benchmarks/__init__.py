"""Loading benchmarks for CX Lens (issue #3). Run with ``make bench`` or ``python -m benchmarks.run``."""
