"""`python3 -m playground` (with py/ on the path): reads one run request as
JSON on stdin ({"source", "mode", "entry", "setup", "latency_ms"}) and
writes the tracer's JSON on stdout. The native tests drive it this way."""
import json
import sys

from .tracer import run_program

request = json.load(sys.stdin)
result = run_program(
    request["source"],
    request.get("mode", "virtual"),
    request.get("entry"),
    request.get("setup"),
    request.get("latency_ms", 500),
)
sys.stdout.write(json.dumps(result, ensure_ascii=False))
