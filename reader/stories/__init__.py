"""Stories: articles from any outlet that report one event, found at index time.

signature.py  what an article says about its event (hashed words and word pairs)
weights.py    how rare each feature is (document frequencies in hashed buckets)
columns.py    many articles' signatures as flat numpy arrays (what the passes below work on)
candidates.py which pairs are worth comparing (shared rare features inside the time window)
verify.py     whether a pair reports the same event (weighted overlap, contradicting numbers)
scores.py     those scores for many pairs at once (numpy, the same floats)
cluster.py    stories from verified pairs (strongest links first, each merge checked)
tables.py     the cache's story tables, and the record of what an index changed
passes.py     links over the cache's signatures, a slice of time at a time (bounded memory)
store.py      those tables built cold and kept up to date incrementally
build.py      stories among parsed articles, from scratch (the benchmarks)
query.py      stories as the views show them (query layer, no Textual)
"""
