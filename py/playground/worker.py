"""The tracer as the page's Web Worker calls it: one program per call, the
result as JSON text; in real time the events so far are posted a few times
a second while the loop waits, so the page draws the run live."""
import json
import time

from .tracer import run_program

LIVE_EVERY_S = 0.1


def run_for_page(source, mode, entry, setup, latency_ms, post_live):
    clock = time.perf_counter
    state = {"sent": 0, "last": clock(), "events": None}

    def post_if_due(now):
        if now - state["last"] >= LIVE_EVERY_S and state["events"] is not None:
            state["last"] = now
            events = state["events"]
            post_live(json.dumps(events[state["sent"]:], ensure_ascii=False))
            state["sent"] = len(events)

    def wait(seconds):
        # A busy wait: the worker has nothing else to do, and a real
        # time.sleep in Pyodide either blocks nothing or is not there.
        until = clock() + seconds
        while True:
            now = clock()
            if now >= until:
                return
            post_if_due(now)

    def busy():
        # The program's own loop holds the event loop: post what it has
        # recorded so far, so Stop leaves its lanes on the page.
        post_if_due(clock())

    def live(events):
        state["events"] = events

    result = run_program(
        source, mode, entry, setup, latency_ms,
        real_clock=clock, real_wait=wait, on_start=live,
        on_busy=busy,
    )
    return json.dumps(result, ensure_ascii=False)
