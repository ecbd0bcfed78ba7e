"""site.yaml's base_url: written into every page's links, the feeds, the sitemap and the data
files, so it must be a plain web address of a real site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.content.messages import found_text
from generator.content.models import Site
from generator.errors import Problem


def base_url_problems(site: Site, name: str, line: int | None) -> list[Problem]:
    """The address is written into every page's links: it must be a plain web address."""
    problems: list[Problem] = []
    bad = re.search(r"[\s<>\"'`\\{}|^]", site.base_url)
    if bad:
        names = {'"': "a quotation mark", "'": "an apostrophe", "<": "an angle bracket",
                 ">": "an angle bracket", "\\": "a backslash", "`": "a backtick"}
        what = names.get(bad[0], "a space" if not bad[0].strip() else f'"{bad[0]}"')
        problems.append(Problem(name, line, "base_url", '"base_url" must be a plain web address, '
                                f"but it contains {what}.",
                                "write it as e.g. https://www.example.nhs.uk/action-plans/."))
    elif not urlsplit(site.base_url).netloc:
        problems.append(Problem(name, line, "base_url", '"base_url" must name a web site after '
                                f"https://, but it is {found_text(site.base_url)}."))
    elif is_example_domain(site.base_url):
        problems.append(Problem(
            name, line, "base_url", f"base_url is {found_text(site.base_url)}, a placeholder "
            "domain: every page, feed, sitemap entry and data file would point there.",
            "set base_url to the address the site will be published at.", warning=True))
    return problems


# Reserved for documentation (RFC 2606, RFC 6761) or the NHS's own placeholder: never a real
# site, so a site that names one publishes links that go nowhere.
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", "example.edu", "example",
                    "example.nhs.uk", "example.gov.uk", "example.org.uk", "example.co.uk",
                    "example.police.uk", "test", "invalid", "localhost")


def is_example_domain(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == d or host.endswith("." + d) for d in _EXAMPLE_DOMAINS)
