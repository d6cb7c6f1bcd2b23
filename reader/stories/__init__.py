"""Stories: articles from any outlet that report one event, found at index time.

signature.py  what an article says about its event (hashed words and word pairs)
weights.py    how rare each feature is (document frequencies in hashed buckets)
candidates.py which pairs are worth comparing (shared rare features inside the time window)
verify.py     whether a pair reports the same event (weighted overlap, contradicting numbers)
cluster.py    stories from verified pairs (strongest links first, each merge checked)
tables.py     the cache's story tables, and the record of what an index changed
store.py      those tables built cold and kept up to date incrementally
build.py      stories among parsed articles, from scratch (the benchmarks)
query.py      stories as the views show them (query layer, no Textual)
"""
