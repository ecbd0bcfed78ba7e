// pa11y (HTML_CodeSniffer, WCAG 2 AA) over the given URLs in one browser: Debian's Chromium,
// never a downloaded one. Prints {url: [issue, ...]} as JSON; errors only unless --all.
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const args = process.argv.slice(2);
  const all = args.includes("--all");
  const urls = args.filter((a) => a !== "--all");
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    headless: true,
  });
  const out = {};
  try {
    for (const url of urls) {
      const result = await pa11y(url, {
        browser,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: all,
        includeNotices: false,
        timeout: 60000,
      });
      out[url] = result.issues;
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(2);
});
