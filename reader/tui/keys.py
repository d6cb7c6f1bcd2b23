"""Every key binding in one place, each with an id (what `[keys]` in config.toml remaps) and a
one-line tooltip. The widgets take their BINDINGS from here; the help screen, the command
palette and the README list these same tables. Keys that do one thing in different ways
(t/f/l, n/p, r/s, [/]) share one action that takes the way as its argument."""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("q", "quit", "Quit", tooltip="Leave reader; your place is kept for next time", id="app.quit"),
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit, even while typing", id="app.quit_anywhere"),
    Binding("ctrl+c", "help_quit", "How to quit", show=False, system=True, tooltip="Says how to quit (q or ctrl+q)", id="app.ctrl_c"),
    Binding("question_mark,f1", "help", "Help", tooltip="Show every key and its binding id", id="app.help"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, tooltip="Search every action by name", id="app.command_palette"),
]

MAIN = [
    Binding("tab", "next_pane(1)", "Next pane", show=False, tooltip="Move to the next pane", id="app.next_pane"),
    Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False, tooltip="Move to the previous pane", id="app.previous_pane"),
    Binding("slash", "search", "Search", tooltip="Search: words, or a query such as topic:AI is:unread quality>=60", id="app.search"),
    Binding("V", "save_view", "Save view", show=False, tooltip="Save what is shown (filters and search) as a view; asks for a name", id="app.save_view"),
    Binding("t", "pick('topic')", "Topic", tooltip="Pick a topic from a fuzzy list", id="app.pick_topic"),
    Binding("f", "pick('provider')", "Provider", tooltip="Show only one provider (fuzzy list)", id="app.pick_provider"),
    Binding("l", "pick('feed')", "Feed", show=False, tooltip="Show only one feed: its name from a fuzzy list", id="app.pick_feed"),
    Binding("u", "toggle('unread_only')", "Unread only", tooltip="Show only unread articles, or all again", id="app.unread_only"),
    Binding("x", "clear_filters", "Clear", tooltip="Clear every filter and the search", id="app.clear_filters"),
    Binding("S", "cycle_sort", "Sort", tooltip="Sort by date, newest, quality (or relevance when searching)", id="app.cycle_sort"),
    Binding("v", "toggle('stories')", "Stories", show=False, tooltip="One row per story (every outlet's version of one event), or per article again", id="list.stories"),
    Binding("b", "toggle_sidebar", "Sidebar", show=False, tooltip="Show or hide the sidebar", id="app.toggle_sidebar"),
    Binding("ctrl+r", "rescan", "Rescan", show=False, tooltip="Fetch the feeds, then rescan the seed folders", id="app.rescan"),
    Binding("L", "feeds", "Feeds", show=False, tooltip="The list of feeds, with each one's last fetch and error", id="app.feeds"),
    Binding("escape", "escape", "Back to list", show=False, tooltip="Leave the search, or go back to the list", id="app.escape"),
    Binding("n", "step_unread(1)", "Next unread", show=False, tooltip="Open the next unread article", id="list.next_unread"),
    Binding("p", "step_unread(-1)", "Previous unread", show=False, tooltip="Open the previous unread article", id="list.previous_unread"),
    Binding("F", "full_text", "Full text", tooltip="Fetch and show the article's full text; again for the file's own text", id="detail.full_text"),
    Binding("r", "toggle_mark('read')", "Read", tooltip="Mark the article read or unread", id="list.toggle_read"),
    Binding("s", "toggle_mark('starred')", "Star", tooltip="Star or unstar the article", id="list.toggle_star"),
    Binding("A", "mark_all_read", "All read", tooltip="Mark every article in this view read (U undoes)", id="list.mark_all_read"),
    Binding("U,ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last read or star change", id="list.undo"),
    Binding("o", "open_original", "Open", tooltip="Open the original in the browser (http and https only)", id="list.open_original"),
    Binding("y", "copy_url", "Copy URL", show=False, tooltip="Copy the article's URL to the clipboard", id="list.copy_url"),
    Binding("left_square_bracket,backspace", "go(-1)", "Back", show=False, tooltip="Back to the previous page of followed links", id="detail.back"),
    Binding("right_square_bracket", "go(1)", "Forward", show=False, tooltip="Forward again through followed links", id="detail.forward"),
    *(
        Binding(str(n), f"follow({n})", f"Follow {n}", show=False, tooltip=f"Open link {n} (same story, then related)", id=f"detail.follow_{n}")
        for n in range(1, 10)
    ),
]

LIST = [
    Binding("j,down", "cursor_down", "Down", show=False, tooltip="Next article", id="list.down"),
    Binding("k,up", "cursor_up", "Up", show=False, tooltip="Previous article", id="list.up"),
    Binding("g,home", "first", "First", show=False, tooltip="First article", id="list.first"),
    Binding("G,end", "last", "Last", show=False, tooltip="Last article", id="list.last"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="One page up", id="list.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, tooltip="One page down", id="list.page_down"),
    Binding("enter", "open", "Open", show=False, tooltip="Read the article (marks it read unless configured not to)", id="list.open"),
]

SIDEBAR = [
    Binding("j,down", "cursor_down", "Down", show=False, tooltip="Next entry", id="sidebar.down"),
    Binding("k,up", "cursor_up", "Up", show=False, tooltip="Previous entry", id="sidebar.up"),
    Binding("g,home", "first", "First", show=False, tooltip="First entry", id="sidebar.first"),
    Binding("G,end", "last", "Last", show=False, tooltip="Last entry", id="sidebar.last"),
    Binding("enter,space", "select", "Select", show=False, tooltip="Show this view, or fold a section", id="sidebar.select"),
]

DETAIL = [
    Binding("j,down", "scroll_down_or_links", "Scroll down", show=False, tooltip="Scroll down; at the end, into the links", id="detail.down"),
    Binding("k,up", "scroll_up", "Scroll up", show=False, tooltip="Scroll up", id="detail.up"),
    Binding("pagedown,space", "page_down", "Page down", show=False, tooltip="One page down", id="detail.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="One page up", id="detail.page_up"),
    Binding("g,home", "scroll_home", "Top", show=False, tooltip="Top of the article", id="detail.top"),
    Binding("G,end", "scroll_end", "Bottom", show=False, tooltip="Bottom of the article", id="detail.bottom"),
]

LINK = [
    Binding("j,down", "next_link", "Next link", show=False, tooltip="Next related or citing link", id="detail.next_link"),
    Binding("k,up", "previous_link", "Previous link", show=False, tooltip="Previous link (or back to the text)", id="detail.previous_link"),
    Binding("enter", "follow", "Follow", show=False, tooltip="Open this link in the pane", id="detail.follow_link"),
]

PICKER = [
    Binding("escape", "dismiss_picker", "Cancel", tooltip="Close without choosing", id="picker.cancel"),
    Binding("down", "move(1)", "Down", show=False, tooltip="Next choice", id="picker.down"),
    Binding("up", "move(-1)", "Up", show=False, tooltip="Previous choice", id="picker.up"),
]

FEEDS = [
    Binding("escape,q,L", "close", "Close", tooltip="Close the list of feeds", id="feeds.close"),
    Binding("j,down", "scroll_down", "Down", show=False, tooltip="Scroll down", id="feeds.down"),
    Binding("k,up", "scroll_up", "Up", show=False, tooltip="Scroll up", id="feeds.up"),
]

HELP = [
    Binding("escape,q,question_mark,f1", "close", "Close", tooltip="Close the help", id="help.close"),
    Binding("j,down", "scroll_down", "Down", show=False, tooltip="Scroll down", id="help.down"),
    Binding("k,up", "scroll_up", "Up", show=False, tooltip="Scroll up", id="help.up"),
    Binding("pagedown,space", "page_down", "Page down", show=False, tooltip="One page down", id="help.page_down"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="One page up", id="help.page_up"),
]

SEARCH = [
    Binding("escape", "cancel", "Cancel", tooltip="Leave the search as it was", id="search.cancel"),
    Binding("down", "done", "To list", show=False, tooltip="Keep the search, go to the results", id="search.done"),
]

# What the help screen and the README show, in this order.
GROUPS: list[tuple[str, list[Binding]]] = [
    ("Anywhere", APP + MAIN),
    ("Article list", LIST),
    ("Sidebar", SIDEBAR),
    ("Article pane", DETAIL + LINK),
    ("Search box", SEARCH),
    ("Pickers", PICKER),
    ("Feeds", FEEDS),
    ("Help", HELP),
]


def all_ids() -> set[str]:
    return {binding.id for _group, bindings in GROUPS for binding in bindings if binding.id}
