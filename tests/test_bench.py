"""`python -m bench --quick` runs every section against a real service and writes valid JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_bench_completes_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--quick", "--no-postgres", "--out", str(out)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr

    results = json.loads(out.read_text())
    assert "failed" not in json.dumps(results)
    sqlite = results["scripted"]["sqlite"]
    assert [level["interviews"] for level in sqlite["levels"]] == [1, 4]
    assert all(level["count"] > 0 and level["errors"] == 0 for level in sqlite["levels"])
    assert results["scripted"]["postgres"] == {"skipped": "not asked for (--postgres)"}
    assert all(level["count"] > 0 for level in results["llm"]["overhead"])
    report = results["report"]
    assert report["report_get"]["count"] == 5
    assert report["session_turns"][0] > 1 and report["session_turns"][1] > 1
    assert len(report["rss_kb_by_finished_interviews"]) > 2
    assert results["core"]["scripted_replies_timed"] > 0
    assert "scripted engine on sqlite" in finished.stdout
