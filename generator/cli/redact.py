"""`publisher redact`: redact loose text with the site's policy.

    publisher redact notes.txt                 redacted text on stdout
    publisher redact --format json -           {"redacted": ..., "findings": [...]}
    publisher redact --jsonl - < in.jsonl      {"id","text"} lines in,
                                               {"id","redacted","findings"} lines out

One engine serves the whole stream; --jsonl lines are redacted in batches.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from generator.content.load import validate_data
from generator.content.yamlfile import parse_yaml, read_text
from generator.errors import ContentError, InputError, Problem, RedactionError
from redaction.policy import RedactionPolicy

DEFAULT_POLICY = Path("content") / "redaction.yaml"
BATCH_LINES = 128


def load_policy(path: Path | None) -> RedactionPolicy:
    """The policy at `path`; else content/redaction.yaml if there is one; else the defaults."""
    if path is None:
        if not DEFAULT_POLICY.exists():
            return RedactionPolicy()
        path = DEFAULT_POLICY
    name = str(path)
    problems: list[Problem] = []
    text, found = read_text(path, name)
    problems += found
    policy = None
    if text is not None:
        parsed, found = parse_yaml(text, name)
        problems += found
        if parsed is not None and not found:
            policy = validate_data(parsed, RedactionPolicy, name, problems)
    if policy is None or any(not p.warning for p in problems):
        raise ContentError(problems or [Problem(name, None, None, "the policy could not be read.")])
    return policy


@click.command("redact")
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The redaction policy (default: content/redaction.yaml if it exists, "
    "else the built-in defaults).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Redacted text, or JSON with the findings.",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help='Read {"id","text"} JSON lines; write {"id","redacted","findings"} lines.',
)
@click.option(
    "--markdown",
    is_flag=True,
    help="Treat the text as Markdown: links keep working, URLs are checked apart.",
)
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def redact(
    policy_file: Path | None, fmt: str, jsonl: bool, markdown: bool, source: IO[str]
) -> None:
    """Redact personal data from FILE (or - for standard input) with the site's policy."""
    try:
        policy = load_policy(policy_file)
        # Imported here: the Redactor loads Presidio and spaCy, which --help need not.
        from redaction.redactor import Redactor

        redactor = Redactor(policy)
        mode = "markdown" if markdown else "plain"
        if jsonl:
            _stream(redactor, source, sys.stdout, mode)
            return
        result = redactor.redact(source.read(), mode)
        if fmt == "json":
            click.echo(
                json.dumps(
                    {"redacted": result.text, "findings": [f.as_json() for f in result.findings]},
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(result.text, nl=False)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("The redaction policy has problems; nothing was redacted.", err=True)
        raise SystemExit(exc.exit_code) from None
    except RedactionError as exc:
        click.echo(f"redaction failed: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except _BadLine as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(exc.exit_code) from None


class _BadLine(InputError):
    pass


def _records(source: IO[str]) -> Iterator[tuple[int, Any, str]]:
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise _BadLine(
                f"line {number}: not a JSON object ({exc.msg}); nothing more was read."
            ) from None
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("text"), str)
            or ("id" not in record)
        ):
            raise _BadLine(
                f'line {number}: each line must be {{"id": ..., "text": "..."}}; '
                "nothing more was read."
            )
        yield number, record["id"], record["text"]


def _stream(redactor: Any, source: IO[str], out: IO[str], mode: str) -> None:
    batch: list[tuple[int, Any, str]] = []

    def flush() -> None:
        results = redactor.redact_many([t for _, _, t in batch], modes=mode)
        for (_, ident, _), result in zip(batch, results, strict=True):
            out.write(
                json.dumps(
                    {
                        "id": ident,
                        "redacted": result.text,
                        "findings": [f.as_json() for f in result.findings],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        out.flush()
        batch.clear()

    # Lines are read lazily and answered in batches, so a pipe gets answers as it goes.
    for record in _records(source):
        batch.append(record)
        if len(batch) >= BATCH_LINES:
            flush()
    if batch:
        flush()
