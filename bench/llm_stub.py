"""Run the OpenAI-compatible test stub in its own process: `python -m bench.llm_stub DELAY N`.

Queues N replies that each wait DELAY seconds before the first token, prints the base URL on
its first line, and serves until terminated. A separate process keeps the stub's threads off
the benchmark client's and the service's interpreters.
"""

from __future__ import annotations

import signal
import sys
import threading

from tests.llm.openai_stub import OpenAIStub

REPLY = "Well, our main goal this year is more qualified leads without hiring more reps."


def main() -> None:
    """Start the stub, print its URL, wait for SIGTERM."""
    delay, replies = float(sys.argv[1]), int(sys.argv[2])
    stub = OpenAIStub(default_reply=REPLY)
    for n in range(replies):
        # Worded differently each time: the output guard asks again for a line said before.
        stub.queue(REPLY.replace("more qualified", f"{n + 2} times more qualified"), delay=delay)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with stub:
        # The stub sets TCP_NODELAY itself: no delayed-ACK stall is counted as overhead.
        print(stub.base_url, flush=True)
        stopped.wait()


if __name__ == "__main__":
    main()
