"""The web UI: Jinja2 pages (autoescaped) over the same views as the API, with vendored static assets."""
