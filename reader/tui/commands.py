"""The command palette (ctrl+p) lists every action a key can run, by name."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.tui import keys
from reader.tui.screens.help import key_text


class ReaderCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        from reader.tui.screens.main import MainScreen
        from reader.tui.widgets.article_list import ArticleList
        from reader.tui.widgets.detail import DetailPane
        from reader.tui.widgets.sidebar import Sidebar

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        targets: list[tuple[list[Binding], object]] = [
            (keys.APP, self.app), (keys.MAIN, screen), (keys.LIST, screen.query_one(ArticleList)),
            (keys.SIDEBAR, screen.query_one(Sidebar)), (keys.DETAIL, screen.query_one(DetailPane)),
        ]
        commands = []
        for bindings, target in targets:
            for binding in bindings:
                if binding.action in ("command_palette", "help_quit") or binding.id == "app.quit_anywhere":
                    continue
                where = {"list": "List", "sidebar": "Sidebar", "detail": "Article"}.get((binding.id or "").split(".")[0], "")
                name = f"{where}: {binding.description}" if where and bindings is not keys.MAIN else binding.description
                help_text = f"{binding.tooltip}  ({key_text(self.app, binding)})"
                commands.append((name, help_text, partial(self._run, binding.action, target)))
        return commands

    def _run(self, action: str, target: object) -> None:
        self.app.call_next(self.app.run_action, action, target)

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
