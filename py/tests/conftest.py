"""Puts py/ on the path, so the tests import the tracer as the page does."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
