"""Benchmarks of Kompass (tracker issue 8): a generator of synthetic valid
evaluations (:mod:`benchmarks.generate`) and a runner that prints every figure
as a ratio measured in the same run (:mod:`benchmarks.run`).

Run them with ``.venv/bin/python -m benchmarks.run``; see docs/performance.md.
"""
