"""The HTTP service: REST API (app.py), the data each route answers (views.py), the store reader."""
