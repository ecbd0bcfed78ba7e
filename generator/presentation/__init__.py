"""What readers see of the content, shared by the site and the FOI bundle: Markdown to HTML
(`markup`), the plan's view objects (`views`) and its dated updates (`updates`), and the
plain-data rows and safe CSV/JSON writing (`data_files`). Below both: it imports neither."""
