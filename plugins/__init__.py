"""Kompass's built-in plugins, one package per rubric version.

Each is registered through the ``kompass`` entry-point group in
``pyproject.toml``, exactly as a third party's plugin would be.
"""
