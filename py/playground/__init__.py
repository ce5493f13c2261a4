"""Async Playground's Python side: runs a learner's asyncio program in
CPython (natively or in Pyodide) and records what every task did."""
from .tracer import run_program  # noqa: F401
