"""Settings and URLs for bench/page_cache.py: the project plus a bare view."""
