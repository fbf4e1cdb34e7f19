from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, told to leave the front-end packages' unused builds and tests out
    of collectstatic (config/settings.py STATICFILES_DIRS): every collected file is hashed and
    compressed twice (gzip, brotli) on every run, and trix' test bundle alone is 3 MB."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "test.js", "test.js.map", "inspector.js", "inspector.js.map", "trix.esm*", "trix.umd.js",  # trix
        "htmx.js", "htmx.amd.js", "htmx.cjs.js", "htmx.esm.*", "htmx.min.js.gz", "ext",  # htmx
        "dkfds.js",  # DKFDS' unminified script
    ]
