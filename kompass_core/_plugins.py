"""The host side of the plugin system: the plugin manager and the registry of
what the plugins provide.

Start-up order as in pluggy's own example: create the manager, add the
specs, load the entry points (the built-in rubrics are among them), register
the built-in scoring rules, then ``check_pending()``.  Each plugin's data is
read and validated lazily, the first time a command needs it, and each plugin
is called on its own so that a problem can be pinned on the plugin that
caused it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pluggy
from attrs import frozen

from kompass_core import hookspecs
from kompass_core._reading import Document, decode, parse
from kompass_core.errors import (
    InvalidInputError,
    KompassError,
    PluginError,
    Problem,
    UnknownRubricError,
)
from kompass_core.model import Migration, ReferenceProfile, Rubric

if TYPE_CHECKING:
    from kompass_core.rules import ScoringRule

T = TypeVar("T")

BUILTIN = "kompass.rules"
"""The name the shipped scoring rules are registered under."""


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

    The shipped scoring rules are always registered (as ``kompass.rules``),
    so that a rubric can name them in any registry.  A plugin that fails to
    import is reported as a problem, not raised.
    """
    from kompass_core import rules

    pm = pluggy.PluginManager(hookspecs.NAME)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    problems: list[Problem] = []
    if entry_point_group:
        for ep in entry_points(group=entry_point_group):
            dist = ep.dist
            try:
                module = ep.load()
            except Exception as error:  # a broken plugin must not stop Kompass
                problems.append(
                    _plugin_problem(
                        ep.name,
                        f"expected an importable module at "
                        f"{ep.value!r}, found {type(error).__name__}: {error}",
                    )
                )
                continue
            if _register(pm, module, ep.name, problems):
                infos.append(
                    PluginInfo(ep.name, dist.name if dist else None, dist.version if dist else None)
                )
    for plugin in plugins:
        name = _unique_name(pm, plugin)
        if _register(pm, plugin, name, problems):
            infos.append(PluginInfo(name))
    if _register(pm, rules, BUILTIN, problems):
        from kompass_core import __version__

        infos.append(PluginInfo(BUILTIN, "kompass", __version__))
    return pm, infos, problems


def _plugin_problem(name: str, message: str) -> Problem:
    return Problem(f"plugin failed to load: {message}", file=f"plugin {name}", code="plugin")


def _register(pm: pluggy.PluginManager, plugin: Any, name: str, problems: list[Problem]) -> bool:
    """Register one plugin and check its hooks against the specs; a plugin that
    is registered twice or implements an unknown hook is reported and left out."""
    if pm.is_registered(plugin):
        problems.append(
            _plugin_problem(
                name,
                f"expected each plugin once, found {name!r} "
                f"registered already as {pm.get_name(plugin)!r}",
            )
        )
        return False
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except Exception as error:
        if pm.is_registered(plugin):
            pm.unregister(plugin)
        problems.append(
            _plugin_problem(
                name, f"expected hooks named as in kompass_core.hookspecs, found {error}"
            )
        )
        return False
    return True


class _Catalog(Generic[T]):
    """The items one hook provided, by id, and the ids more than one plugin provided."""

    def __init__(self, what: str, key: str = "id") -> None:
        self.what = what
        self.key = key
        self.items: dict[str, T] = {}
        self.conflicts: dict[str, list[str]] = {}

    def conflict(self, item_id: str) -> Problem:
        names = " and ".join(repr(p) for p in self.conflicts[item_id])
        return Problem(
            f"{self.what} {self.key} provided twice: expected one plugin to provide {item_id!r}, "
            f"found plugins {names}",
            file="plugins",
            code="plugin-conflict",
        )


def _unique_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    """A readable name for a plugin registered in-process: its module's or class's name."""
    base = getattr(plugin, "__name__", None) or type(plugin).__qualname__
    name, number = base, 1
    while pm.has_plugin(name):
        number += 1
        name = f"{base}#{number}"
    return name


class Rules(dict[str, "ScoringRule"]):
    """The usable scoring rules by name, and the names more than one plugin
    provides (``conflicts``: name to plugins), so that a rubric naming one of
    those is told why it cannot be used."""

    def __init__(self) -> None:
        super().__init__()
        self.conflicts: dict[str, list[str]] = {}


class Registry:
    """What the registered plugins provide: rubrics, reference profiles and
    migrations, read and validated on first use."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        plugins: Iterable[PluginInfo] = (),
        problems: Iterable[Problem] = (),
    ) -> None:
        self.pm = pm
        self.plugins = tuple(plugins)
        self._load_problems = list(problems)
        self._catalogs: dict[str, _Catalog[Any]] = {}
        self._data_problems: list[Problem] = []
        self._rules: Rules | None = None

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

    def _catalog(
        self, hook_name: str, what: str, build: Callable[[Document, str], T]
    ) -> _Catalog[T]:
        """Everything one hook provides, by id; ids provided twice are conflicts."""
        if hook_name in self._catalogs:
            return self._catalogs[hook_name]
        found: dict[str, list[tuple[str, T]]] = {}
        for plugin, document in self._documents(hook_name):
            try:
                item = build(document, f"{plugin}: {document.name}")
            except InvalidInputError as error:
                self._data_problems.extend(_blame(plugin, error.problems))
                continue
            found.setdefault(item.id, []).append((plugin, item))  # type: ignore[attr-defined]
        catalog: _Catalog[T] = _Catalog(what)
        for item_id, providers in found.items():
            if len(providers) > 1:
                catalog.conflicts[item_id] = [plugin for plugin, _ in providers]
                self._data_problems.append(catalog.conflict(item_id))
            else:
                catalog.items[item_id] = providers[0][1]
        self._catalogs[hook_name] = catalog
        return catalog

    # -- scoring rules -----------------------------------------------------------

    def scoring_rules(self) -> Rules:
        """Every usable scoring rule, by name.  A rule that two plugins provide
        is left out (and reported): a rubric naming it is then an error."""
        if self._rules is None:
            self._rules = self._collect_rules()
        return self._rules

    def _collect_rules(self) -> Rules:
        from kompass_core.rules import BUILTIN_RULES, ScoringRule

        reserved = {rule.name for rule in BUILTIN_RULES}
        found: dict[str, list[tuple[str, ScoringRule]]] = {}
        for plugin, result in self._call_each("kompass_scoring_rules", "scoring rules"):
            for rule in _as_list(result):
                problem = None
                if not isinstance(rule, ScoringRule) or not _RULE_NAME.fullmatch(rule.name):
                    problem = (
                        "expected instances of kompass_core.rules.ScoringRule subclasses with "
                        f"a name of lower-case letters, digits and '-', found {rule!r}"
                    )
                elif rule.name in reserved and plugin != BUILTIN:
                    problem = (
                        f"expected a name of its own for the rule, found {rule.name!r}, the "
                        "name of a shipped rule (which stays in use)"
                    )
                if problem:
                    self._load_problems.append(
                        Problem(
                            f"hook kompass_scoring_rules: {problem}",
                            file=f"plugin {plugin}",
                            code="plugin",
                        )
                    )
                    continue
                found.setdefault(rule.name, []).append((plugin, rule))
        rules = Rules()
        catalog: _Catalog[ScoringRule] = _Catalog("scoring rule", "name")
        for name, providers in found.items():
            if len(providers) > 1:
                rules.conflicts[name] = catalog.conflicts[name] = [p for p, _ in providers]
                self._load_problems.append(catalog.conflict(name))
            else:
                rules[name] = providers[0][1]
        return rules

    # -- rubrics ---------------------------------------------------------------

    def _rubric_catalog(self) -> _Catalog[Rubric]:
        from kompass_core._rubrics import rubric_from_document

        return self._catalog(
            "kompass_rubrics",
            "rubric",
            lambda document, origin: rubric_from_document(document, origin, self.scoring_rules()),
        )

    def rubric_ids(self) -> list[str]:
        """The ids of every usable rubric, sorted."""
        return sorted(self._rubric_catalog().items)

    def rubrics(self) -> list[Rubric]:
        """Every usable rubric, sorted by year and id."""
        return sorted(self._rubric_catalog().items.values(), key=lambda r: (r.year, r.id))

    def rubric(self, rubric_id: str) -> Rubric:
        """The rubric with this id.

        :raises UnknownRubricError: no plugin provides it.
        :raises PluginError: more than one plugin provides it.
        """
        catalog = self._rubric_catalog()
        if rubric_id in catalog.conflicts:
            raise PluginError(str(catalog.conflict(rubric_id)))
        if rubric_id not in catalog.items:
            raise UnknownRubricError(rubric_id, catalog.items)
        return catalog.items[rubric_id]

    # -- reference profiles ------------------------------------------------------

    def _profile_catalog(self) -> _Catalog[ReferenceProfile]:
        from kompass_core._profiles import profile_from_document

        return self._catalog(
            "kompass_reference_profiles",
            "reference profile",
            lambda document, origin: profile_from_document(document, self, origin),
        )

    def profiles(self) -> list[ReferenceProfile]:
        """Every usable reference profile, sorted by rubric, year and id."""
        items = self._profile_catalog().items.values()
        return sorted(items, key=lambda p: (p.rubric_id, p.year, p.id))

    def profile(self, profile_id: str) -> ReferenceProfile:
        """The reference profile with this id.

        :raises KompassError: no plugin, or more than one, provides it.
        """
        catalog = self._profile_catalog()
        if profile_id in catalog.conflicts:
            raise PluginError(str(catalog.conflict(profile_id)))
        if profile_id not in catalog.items:
            listed = ", ".join(sorted(catalog.items)) or "none"
            raise KompassError(
                f"unknown reference profile: expected one of {listed}, found {profile_id!r}"
            )
        return catalog.items[profile_id]

    # -- migrations ----------------------------------------------------------------

    def _migration_catalog(self) -> _Catalog[Migration]:
        from kompass_core._migrations import migration_from_document

        def build(document: Document, origin: str) -> Migration:
            migration = migration_from_document(document, self, origin)
            if migration.draft:
                raise InvalidInputError(
                    [
                        Problem(
                            "draft migration: expected a finished migration (draft = false "
                            "and no todo), found draft = true; it is not used",
                            file=document.name,
                            path="draft",
                        )
                    ]
                )
            return migration

        return self._catalog("kompass_migrations", "migration", build)

    def migrations(self) -> list[Migration]:
        """Every usable migration, sorted by source and target."""
        return sorted(self._migration_catalog().items.values(), key=lambda m: m.id)

    def migration(self, source: str, target: str) -> Migration | None:
        """The migration from ``source`` to ``target``, or None if there is none.

        :raises PluginError: more than one plugin provides it.
        """
        catalog = self._migration_catalog()
        key = f"{source}->{target}"
        if key in catalog.conflicts:
            raise PluginError(str(catalog.conflict(key)))
        return catalog.items.get(key)

    @property
    def problems(self) -> list[Problem]:
        """Problems with plugins: loading, hooks, and the data they provide."""
        self.scoring_rules()
        self._rubric_catalog()
        self._profile_catalog()
        self._migration_catalog()
        return self._load_problems + self._data_problems

    # -- calling plugins ---------------------------------------------------------

    def _call_each(self, hook_name: str, what: str = "files") -> Iterator[tuple[str, Any]]:
        """Call one hook plugin by plugin, so results and failures can be
        attributed; a plugin that raises is reported, the rest go on."""
        hook = getattr(self.pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):
            try:
                result = impl.function()
            except Exception as error:
                self._load_problems.append(
                    Problem(
                        f"plugin hook {hook_name} failed: expected a list of {what}, found "
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
                if not isinstance(resource, str | os.PathLike) and not hasattr(
                    resource, "read_bytes"
                ):
                    self._load_problems.append(
                        _plugin_problem(
                            plugin,
                            f"hook {hook_name}: expected data files (paths or "
                            f"importlib.resources files), found {resource!r}",
                        )
                    )
                    continue
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


_RULE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def _as_list(value: Any) -> list[Any]:
    """A hook's result as a list: one file, or an iterable of files."""
    if isinstance(value, str | os.PathLike) or hasattr(value, "read_bytes"):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]  # not a file either: reported by the caller


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
