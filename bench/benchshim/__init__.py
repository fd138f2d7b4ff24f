"""Bench-only settings and URLs (never imported by the project)."""
