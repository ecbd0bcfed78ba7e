"""FOI responses: the public disclosure log, response pages, PDFs and release bundles."""
