"""Storage: the article cache (rebuildable from the seed files) and the state database
(read/starred marks and the app's session, never rebuilt)."""
