"""Print the reply-fit figures of the scripted prospect: `python -m tests.roleplay.fit [-v]`.

-v lists the dev cases whose reply does not fit (never the test part's: it is not tuned on).
"""

from __future__ import annotations

import sys

from app.roleplay.scripted import reply
from tests.roleplay.fit.harness import PARTS, check_calls, summarise


def main(argv: list[str]) -> int:
    """Print fit per part and kind, volunteered facts, contradicted times, misquotes, repeats."""
    verbose = "-v" in argv
    for part in PARTS:
        summary = summarise(reply, part)
        counts = check_calls(reply, part)
        fitting = sum(o.fits for o in summary.outcomes)
        print(f"{part}: {fitting}/{len(summary.outcomes)} fit ({summary.fit:.1%})")
        for kind, (ok, total) in summary.by(lambda c: c.kind).items():
            print(f"  {kind:<10} {ok:>3}/{total:<3}")
        for lang, (ok, total) in summary.by(
            lambda c: "sv" if c.scenario.endswith("-sv") else "en"
        ).items():
            print(f"  [{lang}]      {ok:>3}/{total:<3}")
        timed = [o for o in summary.outcomes if o.case.time]
        print(
            f"  facts volunteered (per line) {summary.volunteered}; contradicted times "
            f"{summary.contradicted_times}; time answered as that time "
            f"{sum(bool(o.as_that_time) for o in timed)}/{len(timed)}"
        )
        print(
            f"  whole calls {counts.calls} ({counts.replies} replies): facts volunteered in "
            f"pitch/off-topic calls {counts.facts_volunteered}; misquotes {counts.misquotes}; "
            f"repeated replies {counts.repeats}"
        )
        if verbose and part == "dev":
            for o in summary.outcomes:
                if not o.fits:
                    print(
                        f"    MISS [{o.case.scenario}] {o.case.line!r} want {sorted(o.case.want)}"
                    )
                    print(f"         got {sorted(o.labels)}: {o.reply.text[:140]!r}")
            for line, n in counts.repeated_lines.most_common(10):
                print(f"    REPEAT x{n}: {line[:100]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
