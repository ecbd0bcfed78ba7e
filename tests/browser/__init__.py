"""Browser tests: the built example site in headless Chromium, as readers meet it."""
