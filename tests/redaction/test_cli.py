"""`publisher redact`: text, JSON, JSON lines, and policy errors without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli.redact import redact

POLICY = 'always_redact: ["John Smith"]\nnever_redact: ["Sam Allen"]\n'


def run(args: list[str], stdin: str, tmp_path: Path):
    policy = tmp_path / "redaction.yaml"
    policy.write_text(POLICY)
    return CliRunner().invoke(redact, ["--policy", str(policy), *args], input=stdin)


def test_text(tmp_path: Path, engine) -> None:
    result = run(["-"], "Sam Allen met John at 07911 123456.", tmp_path)
    assert result.exit_code == 0
    assert result.output == "Sam Allen met [redacted] at [redacted]."


def test_json(tmp_path: Path, engine) -> None:
    result = run(["--format", "json", "-"], "Smith's flat", tmp_path)
    data = json.loads(result.output)
    assert data["redacted"] == "[redacted]'s flat"
    assert data["findings"][0] == {
        "start": 0,
        "end": 5,
        "entity": "PERSON",
        "score": 1.0,
        "recognizer": "AlwaysRedactRecognizer",
        "action": "redacted",
    }


def test_jsonl(tmp_path: Path, engine) -> None:
    lines = [{"id": i, "text": f"Note {i}: Dr Hughes called 07911 12345{i}."} for i in range(5)]
    lines.append({"id": "x", "text": "Complete. FOLS CMHT Link Database."})
    result = run(["--jsonl", "-"], "".join(json.dumps(x) + "\n" for x in lines), tmp_path)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [0, 1, 2, 3, 4, "x"]
    assert out[0]["redacted"] == "Note 0: Dr [redacted] called [redacted]."
    assert out[-1] == {"id": "x", "redacted": "Complete. FOLS CMHT Link Database.", "findings": []}
    assert set(out[0]["findings"][0]) == {"start", "end", "entity", "score", "recognizer", "action"}


def test_bad_jsonl_line(tmp_path: Path, engine) -> None:
    result = run(["--jsonl", "-"], '{"id": 1, "text": "ok"}\nnot json\n', tmp_path)
    assert result.exit_code != 0
    assert "line 2" in result.output and "Traceback" not in result.output


def test_bad_policy_is_a_clear_message(tmp_path: Path) -> None:
    policy = tmp_path / "bad.yaml"
    policy.write_text('replacement: "*****"\nalways_redact: Smith\nscore_treshold: 0.4\n')
    result = CliRunner().invoke(redact, ["--policy", str(policy), "-"], input="text")
    assert result.exit_code == 1
    assert "replacement" in result.output and "score_treshold" in result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
