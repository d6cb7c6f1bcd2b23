"""The base of the screen's helpers that show nothing: each owns one flow's state and workers
(the refresh, long marks, counts) and talks to the screen through messages.

A worker's failure is not the helper's to report: Textual tells only the worker's own node
(`Worker.StateChanged` does not bubble), so the helper posts it up as `WorkerFailed` for the
screen's one failure handler, which calls the helper's `failed` back: that says what could
not be done and puts the helper's state back.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.tui.messages import WorkerFailed


class Offscreen(Widget):
    DEFAULT_CSS = "Offscreen { display: none; }"

    def failed(self, group: str, error: str) -> None:
        self.app.say(error, severity="warning")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))
