"""The host side of the plugin system: the plugin manager and the registry of
what the plugins provide.

Start-up order as in pluggy's own example: create the manager, add the
specs, load the entry points (the built-in rubrics are among them), then
``check_pending()``.  Each plugin's data is read and validated lazily, the
first time a command needs it, and each plugin is called on its own so that a
problem can be pinned on the plugin that caused it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.metadata import entry_points
from typing import Any

import pluggy
from attrs import frozen

from kompass_core import hookspecs
from kompass_core._reading import Document, decode, parse
from kompass_core.errors import InvalidInputError, PluginError, Problem
from kompass_core.model import Rubric


@frozen
class PluginInfo:
    """A registered plugin and the distribution it came from."""

    name: str
    distribution: str | None = None
    version: str | None = None


def plugin_manager(
    *, entry_point_group: str | None = hookspecs.NAME, plugins: Iterable[Any] = ()
) -> tuple[pluggy.PluginManager, list[PluginInfo], list[Problem]]:
    """A plugin manager with the entry-point plugins and ``plugins`` registered.

    A plugin that fails to import is reported as a problem, not raised.
    """
    pm = pluggy.PluginManager(hookspecs.NAME)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    problems: list[Problem] = []
    if entry_point_group:
        for ep in entry_points(group=entry_point_group):
            dist = ep.dist
            try:
                pm.register(ep.load(), name=ep.name)
            except Exception as error:  # a broken plugin must not stop Kompass
                problems.append(
                    Problem(
                        f"plugin failed to load: expected an importable module at "
                        f"{ep.value!r}, found {type(error).__name__}: {error}",
                        file=f"plugin {ep.name}",
                        code="plugin",
                    )
                )
                continue
            infos.append(
                PluginInfo(ep.name, dist.name if dist else None, dist.version if dist else None)
            )
    for plugin in plugins:
        name = pm.register(plugin, name=_unique_name(pm, plugin))
        if name is not None:
            infos.append(PluginInfo(name))
    pm.check_pending()
    return pm, infos, problems


def _unique_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    """A readable name for a plugin registered in-process: its module's or class's name."""
    base = getattr(plugin, "__name__", None) or type(plugin).__qualname__
    name, number = base, 1
    while pm.has_plugin(name):
        number += 1
        name = f"{base}#{number}"
    return name


class Registry:
    """What the registered plugins provide: rubrics (and, later, migrations
    and reference profiles), read and validated on first use."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        plugins: Iterable[PluginInfo] = (),
        problems: Iterable[Problem] = (),
    ) -> None:
        self.pm = pm
        self.plugins = tuple(plugins)
        self._load_problems = list(problems)
        self._rubrics: dict[str, Rubric] | None = None
        self._conflicts: dict[str, list[str]] = {}
        self._rubric_problems: list[Problem] = []

    @classmethod
    def from_entry_points(cls, plugins: Iterable[Any] = ()) -> Registry:
        """The registry of every installed plugin, plus ``plugins``."""
        pm, infos, problems = plugin_manager(plugins=plugins)
        return cls(pm, infos, problems)

    @classmethod
    def from_plugins(cls, *plugins: Any) -> Registry:
        """A registry of exactly the given plugin objects (no entry points)."""
        pm, infos, problems = plugin_manager(entry_point_group=None, plugins=plugins)
        return cls(pm, infos, problems)

    # -- rubrics ---------------------------------------------------------------

    def _load_rubrics(self) -> dict[str, Rubric]:
        if self._rubrics is not None:
            return self._rubrics
        from kompass_core._rubrics import rubric_from_document

        found: dict[str, list[tuple[str, Rubric]]] = {}
        for plugin, document in self._documents("kompass_rubrics"):
            try:
                rubric = rubric_from_document(document, origin=f"{plugin}: {document.name}")
            except InvalidInputError as error:
                self._rubric_problems.extend(_blame(plugin, error.problems))
                continue
            found.setdefault(rubric.id, []).append((plugin, rubric))
        rubrics: dict[str, Rubric] = {}
        for rubric_id, providers in found.items():
            if len(providers) > 1:
                self._conflicts[rubric_id] = [p for p, _ in providers]
                self._rubric_problems.append(self._conflict_problem(rubric_id))
            else:
                rubrics[rubric_id] = providers[0][1]
        self._rubrics = rubrics
        return rubrics

    def _conflict_problem(self, rubric_id: str) -> Problem:
        names = " and ".join(repr(p) for p in self._conflicts[rubric_id])
        return Problem(
            f"rubric id provided twice: expected one plugin to provide {rubric_id!r}, "
            f"found plugins {names}",
            file="plugins",
            code="plugin-conflict",
        )

    def rubric_ids(self) -> list[str]:
        """The ids of every usable rubric, sorted."""
        return sorted(self._load_rubrics())

    def rubrics(self) -> list[Rubric]:
        """Every usable rubric, sorted by year and id."""
        return sorted(self._load_rubrics().values(), key=lambda r: (r.year, r.id))

    def rubric(self, rubric_id: str) -> Rubric:
        """The rubric with this id.

        :raises UnknownRubricError: no plugin provides it.
        :raises PluginError: more than one plugin provides it.
        """
        from kompass_core.errors import UnknownRubricError

        rubrics = self._load_rubrics()
        if rubric_id in self._conflicts:
            raise PluginError(str(self._conflict_problem(rubric_id)))
        if rubric_id not in rubrics:
            raise UnknownRubricError(rubric_id, rubrics)
        return rubrics[rubric_id]

    @property
    def problems(self) -> list[Problem]:
        """Problems with plugins found so far (loading, hooks, their data)."""
        self._load_rubrics()
        return self._load_problems + self._rubric_problems

    # -- calling plugins ---------------------------------------------------------

    def _call_each(self, hook_name: str) -> Iterator[tuple[str, Any]]:
        """Call one hook plugin by plugin, so results and failures can be
        attributed; a plugin that raises is reported, the rest go on."""
        hook = getattr(self.pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):
            try:
                result = impl.function()
            except Exception as error:
                self._load_problems.append(
                    Problem(
                        f"plugin hook {hook_name} failed: expected a list of files, found "
                        f"{type(error).__name__}: {error}",
                        file=f"plugin {impl.plugin_name}",
                        code="plugin",
                    )
                )
                continue
            if result is not None:
                yield impl.plugin_name, result

    def _documents(self, hook_name: str) -> Iterator[tuple[str, Document]]:
        for plugin, resources in self._call_each(hook_name):
            for resource in _as_list(resources):
                name = str(resource)
                try:
                    raw = _read_resource(resource)
                    yield plugin, parse(decode(raw, name), name)
                except InvalidInputError as error:
                    self._load_problems.extend(_blame(plugin, error.problems))
                except OSError as error:
                    self._load_problems.append(
                        Problem(
                            f"expected a readable data file, found {error.strerror or error}",
                            file=name,
                            code="plugin",
                        )
                    )


def _as_list(value: Any) -> list[Any]:
    return (
        [value]
        if isinstance(value, str | os.PathLike) or hasattr(value, "read_bytes")
        else list(value)
    )


def _read_resource(resource: Any) -> bytes:
    if hasattr(resource, "read_bytes"):
        data: bytes = resource.read_bytes()
        return data
    with open(os.fspath(resource), "rb") as handle:
        return handle.read()


def _blame(plugin: str, problems: Iterable[Problem]) -> list[Problem]:
    return [
        Problem(
            f"plugin {plugin!r}: {p.message}",
            file=p.file,
            path=p.path,
            line=p.line,
            column=p.column,
            severity=p.severity,
            code="plugin-data",
        )
        for p in problems
    ]


@cache
def default_registry() -> Registry:
    """The registry of every installed plugin (created once per process)."""
    return Registry.from_entry_points()


__all__ = ["PluginInfo", "Registry", "default_registry", "plugin_manager"]
