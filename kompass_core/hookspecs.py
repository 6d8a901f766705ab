"""The contract between Kompass and its plugins.

A plugin is a module (or object) with functions named like the hooks below,
marked with :data:`kompass_core.hookimpl`, and registered through the
``kompass`` entry-point group in its ``pyproject.toml``::

    [project.entry-points.kompass]
    my-rubric = "my_package.plugin"

Every hook here collects the results of all plugins.  Data is returned as
files (an :mod:`importlib.resources` ``Traversable`` or a path), so that a
plugin's data is data, validated exactly like a user's file; scoring rules,
being behaviour, are returned as objects.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from kompass_core.rules import ScoringRule

NAME = "kompass"

hookspec = pluggy.HookspecMarker(NAME)
hookimpl = pluggy.HookimplMarker(NAME)

Resource = Traversable | os.PathLike[str] | str
"""A data file a plugin provides: a ``Traversable`` from
``importlib.resources.files(...)`` or a filesystem path."""


# -- rubrics -----------------------------------------------------------------


@hookspec
def kompass_rubrics() -> Iterable[Resource]:
    """Rubric definitions (TOML or JSON files, see ``schemas/rubric.schema.json``).

    All plugins' results are collected.  Two plugins providing the same rubric
    id is an error naming both.

    :return: the definition files this plugin provides.
    """


# -- migrations --------------------------------------------------------------


@hookspec
def kompass_migrations() -> Iterable[Resource]:
    """Migration definitions between rubric versions (TOML or JSON files, see
    ``schemas/migration.schema.json`` and ``docs/migrations.md``).

    All plugins' results are collected.  Two plugins providing a migration
    between the same two rubrics is an error naming both; a draft migration is
    reported and not used.

    :return: the migration files this plugin provides.
    """


# -- reference profiles ------------------------------------------------------


@hookspec
def kompass_reference_profiles() -> Iterable[Resource]:
    """Reference profiles, such as published national means, to compare
    evaluations against (TOML or JSON files, see
    ``schemas/profile.schema.json``).

    All plugins' results are collected.  Two plugins providing the same
    profile id is an error naming both.

    :return: the profile files this plugin provides.
    """


# -- scoring rules -----------------------------------------------------------


@hookspec
def kompass_scoring_rules() -> Iterable[ScoringRule]:
    """Scoring rules a rubric can name in ``[scoring] rule`` (see
    ``kompass_core.rules`` and ``docs/scoring.md``).

    All plugins' results are collected.  Two plugins providing a rule of the
    same name is an error naming both; a rubric naming that rule is then not
    usable.  The shipped rules (``share-of-max``, ``weighted-share-of-max``,
    ``maturity-levels``) are provided through this hook too.

    :return: instances of :class:`kompass_core.rules.ScoringRule` subclasses.
    """
