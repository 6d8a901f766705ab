"""Rubric definitions (TOML data), shipped as package data of the built-in plugins."""
