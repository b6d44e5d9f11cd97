"""Downloads and printed reports, each a pure function of the report document.

- `markdown`: the Markdown and plain-text reports and comparisons (Jinja2 templates);
- `html`: the self-contained HTML report, charts inline as SVG (`svg`, drawn offline);
- `files`: CSV and Excel files with spreadsheet-safe cells, file names and MIME types.
"""
