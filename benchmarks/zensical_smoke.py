"""Smoke check of the theme exit path: build the example's rendered docs folder with Zensical's
classic theme and say what differs from our MkDocs + Material build. Run by `make zensical-smoke`
(not part of `make test`): Zensical lives in its own venv, .venv-zensical.

    python benchmarks/zensical_smoke.py ZENSICAL_BINARY WORK_DIR

Our pages are one HTML block each, rendered and escaped by us (generator/site/render.py), so
what should survive a theme swap is: every page, our <div class="ap ..."> block, the titles as
text, no live markup from content. What we expect to lose is whatever lives in MkDocs plugins
(the search plugin, our incremental reuse) and in Material overrides (custom_dir).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(site.rglob("*.html")) if p.name != "404.html"}


def _first(pattern: str, html: str) -> str:
    found = re.search(pattern, html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split()) if found else "-"


def main(zensical: str, work: Path) -> int:
    env = {**os.environ, "PUBLISHER_CACHE": str(work / "cache"),
           "PUBLISHER_REDACTION_CACHE": str(work / "cache" / "redaction")}
    publisher = Path(sys.executable).with_name("publisher")
    subprocess.run([str(publisher), "build", "--content", str(PROJECT / "content"), "--site",
                    str(work / "material"), "--reports", str(work / "reports")],
                   env=env, check=True)
    cache = next((work / "cache" / "site").iterdir())
    config = yaml.safe_load((cache / "mkdocs.yml").read_text())
    config["theme"]["variant"] = "classic"
    # Zensical 0.0.41 panics ("invariant: Id(Format(Path(RootDir)))") on absolute folders and
    # refuses ".." in site_dir: the config sits beside the docs folder, the site inside it.
    config["site_dir"] = "zensical-site"
    config["docs_dir"] = "docs"
    (cache / "zensical.yml").write_text(yaml.safe_dump(config, sort_keys=False,
                                                       allow_unicode=True))
    run = subprocess.run([str(Path(zensical).resolve()), "build", "-f", "zensical.yml"],
                         capture_output=True, text=True, cwd=cache)
    print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
    if run.returncode != 0:
        print(f"zensical build failed with exit status {run.returncode}")
        return run.returncode
    (cache / "zensical-site").rename(work / "zensical")
    return report(_pages(work / "material"), _pages(work / "zensical"), work)


def report(material: dict[str, str], zensical: dict[str, str], work: Path) -> int:
    print(f"pages: Material {len(material)}, Zensical {len(zensical)}")
    for name in sorted(material.keys() - zensical.keys()):
        print(f"  only in the Material build: {name}")
    for name in sorted(zensical.keys() - material.keys()):
        print(f"  only in the Zensical build: {name}")
    same_title = same_block = 0
    for name in sorted(material.keys() & zensical.keys()):
        ours, theirs = material[name], zensical[name]
        titles = (_first(r"<title>(.*?)</title>", ours), _first(r"<title>(.*?)</title>", theirs))
        blocks = [re.findall(r'<div class="ap[ "]', html) for html in (ours, theirs)]
        same_title += titles[0] == titles[1]
        same_block += len(blocks[0]) == len(blocks[1])
        if titles[0] != titles[1]:
            print(f"  {name}: <title> {titles[0]!r} (Material) vs {titles[1]!r} (Zensical)")
        if len(blocks[0]) != len(blocks[1]):
            print(f"  {name}: our blocks {len(blocks[0])} (Material) vs {len(blocks[1])}")
        if "<script>alert" in theirs:
            print(f"  {name}: LIVE SCRIPT from content in the Zensical build")
    for mark, what in (("ap-skip", "our skip link (custom_dir override)"),
                       ("publisher.js", "our script (custom_dir override)")):
        print(f"{what}: Material {sum(mark in h for h in material.values())} pages, "
              f"Zensical {sum(mark in h for h in zensical.values())}")
    for side in ("material", "zensical"):
        files = [p for p in (work / side).rglob("*") if p.is_file()]
        print(f"{side}: {len(files)} files, {sum(p.stat().st_size for p in files)} bytes")
    both = len(material.keys() & zensical.keys())
    print(f"same <title>: {same_title}/{both}; same number of our blocks: {same_block}/{both}")
    for name in ("search/search_index.json", "search.json", "sitemap.xml", "assets/publisher.css",
                 "data/plans.json", "data/actions.csv"):
        print(f"{name}: Material {(work / 'material' / name).exists()}, "
              f"Zensical {(work / 'zensical' / name).exists()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
