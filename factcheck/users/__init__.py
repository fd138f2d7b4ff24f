"""The tracker's user model (cookiecutter-django's ``users`` app)."""
