"""The HTTP service: ``dlp.http.app.create_app(config)``."""
