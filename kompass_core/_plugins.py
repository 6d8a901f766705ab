"""The host side of the plugin system: the plugin manager and the registry of
what the plugins provide.

Start-up order as in pluggy's own example: create the manager, add the
specs, load the entry points (the built-in rubrics are among them), register
the built-in scoring rules, then ``check_pending()``.  Each plugin's data is
read and validated lazily, the first time a command needs it, and each plugin
is called on its own so that a problem can be pinned on the plugin that
caused it.

Two environment variables, read when a registry is made:

``KOMPASS_DISABLE_PLUGINS``
    Plugins not to load, by entry-point or distribution name, separated by
    commas (a disabled plugin is not even imported).
``KOMPASS_TRACE_PLUGINS``
    When set (and not ``0``), every hook call is traced to stderr: the hook,
    the plugin, what it returned or raised, and how long it took.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import pluggy
from attrs import evolve, frozen

from kompass_core import hookspecs
from kompass_core._reading import Document, decode, parse
from kompass_core.errors import (
    InvalidInputError,
    KompassError,
    PluginError,
    Problem,
    UnknownRubricError,
)

if TYPE_CHECKING:
    from kompass_core.commands import Command
    from kompass_core.formats import OutputFormat
    from kompass_core.model import Evaluation, Migration, ReferenceProfile, Rubric
    from kompass_core.rules import ScoringRule

T = TypeVar("T")

BUILTIN = "kompass.rules"
"""The name the shipped scoring rules are registered under."""

DISABLE_VARIABLE = "KOMPASS_DISABLE_PLUGINS"
TRACE_VARIABLE = "KOMPASS_TRACE_PLUGINS"

State = Literal["loaded", "disabled", "failed"]


@frozen
class PluginInfo:
    """A plugin, the distribution it came from, and whether it is in use
    (``loaded``), switched off by ``KOMPASS_DISABLE_PLUGINS`` (``disabled``)
    or broken (``failed``: it did not import or names unknown hooks)."""

    name: str
    distribution: str | None = None
    version: str | None = None
    state: State = "loaded"


def disabled_plugins() -> frozenset[str]:
    """The plugin names ``KOMPASS_DISABLE_PLUGINS`` lists."""
    raw = os.environ.get(DISABLE_VARIABLE, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def plugin_manager(
    *, entry_point_group: str | None = hookspecs.NAME, plugins: Iterable[Any] = ()
) -> tuple[pluggy.PluginManager, list[PluginInfo], list[Problem]]:
    """A plugin manager with the entry-point plugins and ``plugins`` registered.

    The shipped scoring rules are always registered (as ``kompass.rules``),
    so that a rubric can name them in any registry.  A plugin that fails to
    import is reported as a problem, not raised; one that
    ``KOMPASS_DISABLE_PLUGINS`` names is not imported.
    """
    from kompass_core import rules

    pm = pluggy.PluginManager(hookspecs.NAME)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    problems: list[Problem] = []
    disabled = disabled_plugins()
    if entry_point_group:
        from kompass_core._entry_points import entry_points

        for ep in entry_points(entry_point_group):
            info = PluginInfo(ep.name, ep.distribution, ep.version)
            if disabled & {ep.name, info.distribution}:
                infos.append(evolve(info, state="disabled"))
                continue
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
                infos.append(evolve(info, state="failed"))
                continue
            loaded = _register(pm, module, ep.name, problems)
            infos.append(info if loaded else evolve(info, state="failed"))
        problems.extend(_unknown_disabled(disabled, infos))
    for plugin in plugins:
        name = _unique_name(pm, plugin)
        loaded = _register(pm, plugin, name, problems)
        infos.append(PluginInfo(name, state="loaded" if loaded else "failed"))
    if _register(pm, rules, BUILTIN, problems):
        from kompass_core import __version__

        infos.append(PluginInfo(BUILTIN, "kompass", __version__))
    return pm, infos, problems


def _unknown_disabled(disabled: frozenset[str], infos: list[PluginInfo]) -> list[Problem]:
    """A name in KOMPASS_DISABLE_PLUGINS that is no plugin's: most likely a typo."""
    known = {info.name for info in infos} | {info.distribution for info in infos}
    return [
        Problem(
            f"expected the name of an installed plugin or distribution, found {name!r}, "
            "which disables nothing (kompass plugins lists the names)",
            file=DISABLE_VARIABLE,
            severity="warning",
            code="plugin",
        )
        for name in sorted(disabled - known)
    ]


def _plugin_problem(name: str, message: str) -> Problem:
    return Problem(f"plugin failed to load: {message}", file=f"plugin {name}", code="plugin")


def _register(pm: pluggy.PluginManager, plugin: Any, name: str, problems: list[Problem]) -> bool:
    """Register one plugin and check its hooks against the specs; a plugin that
    is registered twice or implements an unknown hook is reported and left out
    (the whole plugin: half a plugin would mislead)."""
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
        problems.append(_plugin_problem(name, _hook_mismatch(str(error))))
        return False
    problems.extend(_unmarked(pm, plugin, name))
    return True


_HOOKS = sorted(n for n in dir(hookspecs) if n.startswith(f"{hookspecs.NAME}_"))


def _hook_mismatch(error: str) -> str:
    """pluggy's complaint about a hook, in one line, with the hook meant when it is a typo."""
    message = " ".join(error.split())
    unknown = re.search(r"unknown hook '(\w+)'", message)
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown.group(1), _HOOKS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return (
            f"expected hooks named as in kompass_core.hookspecs ({', '.join(_HOOKS)}), "
            f"found {unknown.group(1)!r}{hint}; the whole plugin is left out"
        )
    return f"expected hooks as kompass_core.hookspecs defines them, found: {message}"


def _unmarked(pm: pluggy.PluginManager, plugin: Any, name: str) -> list[Problem]:
    """A function named like a hook but without ``@hookimpl`` is never called:
    say so, rather than leave the plugin author wondering."""
    marked = {caller.name for caller in pm.get_hookcallers(plugin) or ()}
    return [
        Problem(
            f"expected @hookimpl on {hook}, found a function without it (never called)",
            file=f"plugin {name}",
            code="plugin",
        )
        for hook in _HOOKS
        if hook not in marked and callable(getattr(plugin, hook, None))
    ]


class _Catalog(Generic[T]):
    """The items one hook provided, by id, which plugin provided each, and the
    ids more than one plugin provided."""

    def __init__(self, what: str, key: str = "id") -> None:
        self.what = what
        self.key = key
        self.items: dict[str, T] = {}
        self.providers: dict[str, list[str]] = {}
        self.conflicts: dict[str, list[str]] = {}

    def add(self, plugin: str, item_id: str, item: T) -> None:
        self.providers.setdefault(item_id, []).append(plugin)
        if item_id in self.conflicts:
            self.conflicts[item_id].append(plugin)
        elif item_id in self.items:
            del self.items[item_id]
            self.conflicts[item_id] = list(self.providers[item_id])
        else:
            self.items[item_id] = item

    def conflict(self, item_id: str) -> Problem:
        names = " and ".join(repr(p) for p in sorted(self.conflicts[item_id]))
        return Problem(
            f"{self.what} {self.key} provided twice: expected one plugin to provide {item_id!r}, "
            f"found plugins {names}",
            file="plugins",
            code="plugin-conflict",
        )

    def of(self, plugin: str) -> list[str]:
        """The ids this plugin provides (conflicting ones too), sorted."""
        return sorted(i for i, providers in self.providers.items() if plugin in providers)


def _unique_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    """A readable name for a plugin registered in-process: its module's or class's name."""
    base = getattr(plugin, "__name__", None) or type(plugin).__name__
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


_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")

KINDS = ("rubrics", "migrations", "profiles", "rules", "checks", "formats", "commands")
"""What a plugin can provide, in the order ``kompass plugins`` lists it."""


class Registry:
    """What the registered plugins provide: rubrics, reference profiles,
    migrations, scoring rules, checks, output formats and commands, each read
    and validated on first use."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        plugins: Iterable[PluginInfo] = (),
        problems: Iterable[Problem] = (),
    ) -> None:
        self.pm = pm
        self.plugins = tuple(plugins)
        self.trace = os.environ.get(TRACE_VARIABLE, "") not in ("", "0")
        # Each problem with the plugin it is pinned on (None: several or none).
        self._problems: list[tuple[str | None, Problem]] = [
            (_blamed_plugin(p), p) for p in problems
        ]
        self._catalogs: dict[str, _Catalog[Any]] = {}
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

    def _problem(self, plugin: str | None, problem: Problem) -> None:
        self._problems.append((plugin, problem))

    def _catalog(
        self, hook_name: str, what: str, build: Callable[[Document, str], T]
    ) -> _Catalog[T]:
        """Everything one hook provides, by id; ids provided twice are conflicts."""
        if hook_name in self._catalogs:
            return self._catalogs[hook_name]
        catalog: _Catalog[T] = _Catalog(what)
        for plugin, document in self._documents(hook_name):
            try:
                item = build(document, f"{plugin}: {document.name}")
            except InvalidInputError as error:
                for problem in _blame(plugin, error.problems):
                    self._problem(plugin, problem)
                continue
            catalog.add(plugin, item.id, item)  # type: ignore[attr-defined]
        self._report_conflicts(catalog)
        self._catalogs[hook_name] = catalog
        return catalog

    def _report_conflicts(self, catalog: _Catalog[Any]) -> None:
        for item_id in catalog.conflicts:
            self._problem(None, catalog.conflict(item_id))

    def _objects(
        self,
        hook_name: str,
        what: str,
        check: Callable[[str, Any], str | None],
        key: Callable[[Any], str],
    ) -> _Catalog[Any]:
        """The objects one hook provides (rules, formats, commands), by name;
        ``check`` says what is wrong with one, or None."""
        if hook_name in self._catalogs:
            return self._catalogs[hook_name]
        catalog: _Catalog[Any] = _Catalog(what, "name")
        for plugin, result in self._call_each(hook_name, f"{what}s"):
            for item in _as_list(result):
                problem = check(plugin, item)
                if problem is None and not _NAME.fullmatch(str(key(item))):
                    problem = (
                        f"expected a name of lower-case letters, digits and '-', "
                        f"found {key(item)!r}"
                    )
                if problem:
                    self._problem(
                        plugin,
                        Problem(
                            f"hook {hook_name}: {problem}", file=f"plugin {plugin}", code="plugin"
                        ),
                    )
                    continue
                catalog.add(plugin, key(item), item)
        self._report_conflicts(catalog)
        self._catalogs[hook_name] = catalog
        return catalog

    # -- scoring rules -----------------------------------------------------------

    def scoring_rules(self) -> Rules:
        """Every usable scoring rule, by name.  A rule that two plugins provide
        is left out (and reported): a rubric naming it is then an error."""
        if self._rules is None:
            catalog = self._rule_catalog()
            self._rules = Rules()
            self._rules.update(catalog.items)
            self._rules.conflicts.update(catalog.conflicts)
        return self._rules

    def _rule_catalog(self) -> _Catalog[ScoringRule]:
        from kompass_core.rules import BUILTIN_RULES, ScoringRule

        reserved = {rule.name for rule in BUILTIN_RULES}

        def check(plugin: str, rule: Any) -> str | None:
            if not isinstance(rule, ScoringRule):
                return (
                    "expected instances of kompass_core.rules.ScoringRule subclasses, "
                    f"found {rule!r}"
                )
            if rule.name in reserved and plugin != BUILTIN:
                return (
                    f"expected a name of its own for the rule, found {rule.name!r}, the "
                    "name of a shipped rule (which stays in use)"
                )
            return None

        return self._objects("kompass_scoring_rules", "scoring rule", check, lambda r: r.name)

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
            raise PluginError(str(catalog.conflict(rubric_id)) + self.problems_hint())
        if rubric_id not in catalog.items:
            raise UnknownRubricError(rubric_id, catalog.items, self.problems_hint())
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
            raise PluginError(str(catalog.conflict(profile_id)) + self.problems_hint())
        if profile_id not in catalog.items:
            listed = ", ".join(sorted(catalog.items)) or "none"
            raise KompassError(
                f"unknown reference profile: expected one of {listed}, found {profile_id!r}"
                + self.problems_hint()
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

    # -- checks --------------------------------------------------------------------

    def check_evaluation(self, evaluation: Evaluation, rubric: Rubric, file: str) -> list[Problem]:
        """What the plugins' ``kompass_check_evaluation`` hooks find in an
        evaluation.  Each problem names the plugin; a check that raises or
        returns something other than problems is a warning naming the plugin."""
        found: list[Problem] = []
        arguments = {"evaluation": evaluation, "rubric": rubric}
        calls = self._call_each("kompass_check_evaluation", "problems", arguments, failures=found)
        for plugin, result in calls:
            for problem in _as_list(result):
                if isinstance(problem, Problem):
                    message = f"{problem.message} (check of plugin {plugin!r})"
                    found.append(evolve(problem, file=problem.file or file, message=message))
                else:
                    found.append(
                        Problem(
                            f"plugin {plugin!r}: hook kompass_check_evaluation: expected "
                            f"kompass_core.Problem values, found {problem!r}",
                            file=file,
                            severity="warning",
                            code="plugin",
                        )
                    )
        return [p if p.file else evolve(p, file=file) for p in found]

    # -- output formats and commands -------------------------------------------------

    def _format_catalog(self) -> _Catalog[OutputFormat]:
        from kompass_core.formats import SHIPPED, OutputFormat

        def check(plugin: str, form: Any) -> str | None:
            if not isinstance(form, OutputFormat):
                return (
                    "expected instances of kompass_core.formats.OutputFormat subclasses, "
                    f"found {form!r}"
                )
            if form.name in SHIPPED:
                return f"expected a name of its own for the format, found {form.name!r}"
            if not form.commands():
                return (
                    f"expected format {form.name!r} to override render_score, render_trend "
                    "or render_report, found none"
                )
            return None

        return self._objects("kompass_output_formats", "output format", check, lambda f: f.name)

    def formats(self, command: str | None = None) -> dict[str, OutputFormat]:
        """The usable output formats by name; with ``command``, those serving it."""
        items = self._format_catalog().items
        return {
            name: form
            for name, form in sorted(items.items())
            if command is None or command in form.commands()
        }

    def _command_catalog(self) -> _Catalog[Command]:
        from kompass_core.commands import SHIPPED, Command

        def check(plugin: str, command: Any) -> str | None:
            if not isinstance(command, Command) or not callable(command.run):
                return f"expected kompass_core.commands.Command values, found {command!r}"
            if command.name in SHIPPED:
                return f"expected a command name of its own, found {command.name!r}"
            return None

        return self._objects("kompass_commands", "command", check, lambda c: c.name)

    def commands(self) -> dict[str, Command]:
        """The usable plugin commands by name."""
        return dict(sorted(self._command_catalog().items.items()))

    def provider(self, hook_name: str, item_id: str) -> str:
        """The plugin that provides ``item_id`` through ``hook_name`` (loaded already)."""
        return self._catalogs[hook_name].providers[item_id][0]

    # -- what is there -----------------------------------------------------------

    def _load_all(self) -> None:
        self.scoring_rules()
        self._rubric_catalog()
        self._profile_catalog()
        self._migration_catalog()
        self._format_catalog()
        self._command_catalog()

    @property
    def problems(self) -> list[Problem]:
        """Problems with plugins: loading, hooks, and the data they provide."""
        self._load_all()
        return [problem for _, problem in self._problems]

    def problems_loaded(self) -> list[Problem]:
        """The problems found so far, without loading anything more."""
        return [problem for _, problem in self._problems]

    def problems_hint(self) -> str:
        """For a message about something not found: a pointer to the plugins'
        problems found so far, when there are any (a broken plugin may be the
        cause); it loads nothing more, as it is asked while loading too."""
        if any(p.severity == "error" for p in self.problems_loaded()):
            return " (some plugins have problems: see 'kompass plugins')"
        return ""

    def problems_of(self, plugin: str) -> list[Problem]:
        """The problems pinned on one plugin (a conflict is pinned on none)."""
        self._load_all()
        return [problem for name, problem in self._problems if name == plugin]

    def provides(self, plugin: str) -> dict[str, list[str]]:
        """What one plugin provides, by kind (see :data:`KINDS`): ids or names,
        sorted; ``checks`` lists the hook when the plugin checks evaluations."""
        self._load_all()
        catalogs = {
            "rubrics": "kompass_rubrics",
            "migrations": "kompass_migrations",
            "profiles": "kompass_reference_profiles",
            "rules": "kompass_scoring_rules",
            "formats": "kompass_output_formats",
            "commands": "kompass_commands",
        }
        found = {kind: self._catalogs[hook].of(plugin) for kind, hook in catalogs.items()}
        checks = self.pm.hook.kompass_check_evaluation.get_hookimpls()
        found["checks"] = ["evaluations"] if any(i.plugin_name == plugin for i in checks) else []
        return {kind: found[kind] for kind in KINDS}

    # -- calling plugins ---------------------------------------------------------

    def _call_each(
        self,
        hook_name: str,
        what: str = "files",
        arguments: Mapping[str, Any] | None = None,
        failures: list[Problem] | None = None,
    ) -> Iterator[tuple[str, Any]]:
        """Call one hook plugin by plugin, so results and failures can be
        attributed; a plugin that raises is reported, the rest go on.

        A failure is one of the registry's problems, or, given ``failures``,
        a warning added to that list (a check that fails on one evaluation).
        """
        hook = getattr(self.pm.hook, hook_name)
        arguments = arguments or {}
        for impl in reversed(hook.get_hookimpls()):
            started = time.perf_counter()
            try:
                result = impl.function(*(arguments[name] for name in impl.argnames))
                if result is not None:  # a generator runs here, inside the protection
                    result = _as_list(result)
            except Exception as error:
                self._trace(hook_name, impl.plugin_name, started, error=error)
                problem = Problem(
                    f"plugin hook {hook_name} failed: expected a list of {what}, found "
                    f"{type(error).__name__}: {error}",
                    file=f"plugin {impl.plugin_name}",
                    code="plugin",
                )
                if failures is None:
                    self._problem(impl.plugin_name, problem)
                else:  # on one evaluation: a warning in its file, naming the plugin
                    message = f"plugin {impl.plugin_name!r}: {problem.message}"
                    failures.append(evolve(problem, message=message, file=None, severity="warning"))
                continue
            self._trace(hook_name, impl.plugin_name, started, result=result)
            if result is not None:
                yield impl.plugin_name, result

    def _trace(
        self,
        hook_name: str,
        plugin: str,
        started: float,
        *,
        result: Any = None,
        error: Exception | None = None,
    ) -> None:
        """One line on stderr per hook call, when ``KOMPASS_TRACE_PLUGINS`` is set."""
        if not self.trace:
            return
        took = (time.perf_counter() - started) * 1000
        if error is not None:
            outcome = f"raised {type(error).__name__}: {error}"
        elif result is None:
            outcome = "returned None"
        else:
            items = _as_list(result)
            outcome = f"returned {len(items)} item(s)"
            if items:
                outcome += ": " + ", ".join(_short(i) for i in items)
        print(
            f"kompass: trace: {hook_name} [plugin {plugin}] {outcome} ({took:.1f} ms)",
            file=sys.stderr,
        )

    def _documents(self, hook_name: str) -> Iterator[tuple[str, Document]]:
        for plugin, resources in self._call_each(hook_name):
            for resource in _as_list(resources):
                name = str(resource)
                if not isinstance(resource, str | os.PathLike) and not hasattr(
                    resource, "read_bytes"
                ):
                    self._problem(
                        plugin,
                        _plugin_problem(
                            plugin,
                            f"hook {hook_name}: expected data files (paths or "
                            f"importlib.resources files), found {resource!r}",
                        ),
                    )
                    continue
                try:
                    raw = _read_resource(resource)
                    yield plugin, parse(decode(raw, name), name)
                except InvalidInputError as error:
                    for problem in _blame(plugin, error.problems):
                        self._problem(plugin, problem)
                except OSError as error:
                    self._problem(
                        plugin,
                        Problem(
                            f"plugin {plugin!r}: expected a readable data file, found "
                            f"{error.strerror or error}",
                            file=name,
                            code="plugin",
                        ),
                    )


def _short(item: Any) -> str:
    """An item of a hook's result, briefly: a file's name, a rule's, format's or
    command's name, a problem's message."""
    if isinstance(item, str | os.PathLike) or hasattr(item, "read_bytes"):
        return os.path.basename(str(item))
    text = item.message if isinstance(item, Problem) else str(getattr(item, "name", None) or item)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_list(value: Any) -> list[Any]:
    """A hook's result as a list: one file or object, or an iterable of them."""
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


def _blamed_plugin(problem: Problem) -> str | None:
    """The plugin a loading problem is about (its file is ``plugin NAME``)."""
    file = problem.file or ""
    return file.removeprefix("plugin ") if file.startswith("plugin ") else None


def _blame(plugin: str, problems: Iterable[Problem]) -> list[Problem]:
    return [
        evolve(p, message=f"plugin {plugin!r}: {p.message}", code="plugin-data") for p in problems
    ]


class PluginFailure(Exception):
    """A plugin's command or output format raised something other than a
    KompassError: a bug in the plugin, blamed on it (the cause is chained)."""


def blamed(plugin: str, what: str, function: Callable[[Any], T]) -> Callable[[Any], T]:
    """``function``, with an exception other than a KompassError turned into a
    :class:`PluginFailure` naming the plugin and what of it failed."""

    def call(argument: Any) -> T:
        try:
            return function(argument)
        except KompassError:
            raise
        except Exception as error:
            raise PluginFailure(
                f"plugin {plugin!r} failed in {what}: {type(error).__name__}: {error} (a bug "
                "in the plugin; rerun with --debug for details and report it to its authors)"
            ) from error

    return call


_installed: ContextVar[Registry | None] = ContextVar("kompass_registry", default=None)


@cache
def _entry_point_registry() -> Registry:
    return Registry.from_entry_points()


def default_registry() -> Registry:
    """The registry of every installed plugin (created once per process), or
    the one :func:`using` put in its place."""
    return _installed.get() or _entry_point_registry()


@contextmanager
def using(registry: Registry) -> Iterator[Registry]:
    """Make ``registry`` the default one within the ``with`` block (for tests
    and tools that run the command line with plugins that are not installed)."""
    token = _installed.set(registry)
    try:
        yield registry
    finally:
        _installed.reset(token)


__all__ = [
    "KINDS",
    "PluginFailure",
    "PluginInfo",
    "Registry",
    "blamed",
    "default_registry",
    "disabled_plugins",
    "plugin_manager",
    "using",
]
