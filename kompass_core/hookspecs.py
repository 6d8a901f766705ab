"""The contract between Kompass and its plugins.

A plugin is a module (or object) with functions named like the hooks below,
marked with :data:`kompass_core.hookimpl`, and registered through the
``kompass`` entry-point group in its ``pyproject.toml``::

    [project.entry-points.kompass]
    my-rubric = "my_package.plugin"

Every hook here collects the results of all plugins (none is ``firstresult``):
one plugin never hides another's.  Data is returned as files (an
:mod:`importlib.resources` ``Traversable`` or a path), so that a plugin's data
is data, validated exactly like a user's file; behaviour (scoring rules,
checks, output formats, commands) is returned as objects.  Each plugin's hook
is called on its own, so a plugin that raises or returns the wrong thing is
reported by name and the others go on.  ``docs/plugins.md`` documents every
hook; a test keeps it in step with this file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from kompass_core.commands import Command
    from kompass_core.errors import Problem
    from kompass_core.formats import OutputFormat
    from kompass_core.model import Evaluation, Rubric
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


# -- checks ------------------------------------------------------------------


@hookspec
def kompass_check_evaluation(evaluation: Evaluation, rubric: Rubric) -> Iterable[Problem] | None:
    """Checks of an evaluation beyond the schema and its rubric, such as a
    country's rules for a subject's code.

    Called for every evaluation that passed Kompass's own checks, whenever one
    is read (``validate``, ``score``, ``migrate``, ``trend``, ``report`` and
    the API).  All plugins' results are collected.  A problem with severity
    ``"error"`` makes the evaluation invalid; a ``"warning"`` is printed with
    the result.  A problem without a ``file`` gets the evaluation's.  A check
    that raises is reported as a warning naming the plugin.

    :param evaluation: the evaluation, valid so far.
    :param rubric: the rubric it is on.
    :return: the problems found (nothing, or None, when all is well).
    """


# -- output ------------------------------------------------------------------


@hookspec
def kompass_output_formats() -> Iterable[OutputFormat]:
    """Output formats for ``kompass score``, ``trend`` and ``report``
    (``--format NAME``).

    All plugins' results are collected.  A format serves the commands whose
    ``render_*`` method it overrides.  Two plugins providing a format of the
    same name is an error naming both, and neither is used; the shipped
    formats' names (``table``, ``json``, ``csv``, ``html``, ``md``, ``txt``,
    ``toml``) are reserved.

    :return: instances of :class:`kompass_core.formats.OutputFormat` subclasses.
    """


# -- command line ------------------------------------------------------------


@hookspec
def kompass_commands() -> Iterable[Command]:
    """Subcommands of ``kompass``.

    All plugins' results are collected.  A command named like one of
    Kompass's own, or like another plugin's, is reported and left out.  The
    commands are loaded only when the command line names one that is not
    Kompass's own (or asks for ``--help``), so they cost nothing otherwise.

    :return: :class:`kompass_core.commands.Command` values.
    """
