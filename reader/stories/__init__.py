"""Stories: articles from any outlet that report one event, found at index time.

signature.py  what an article says about its event (hashed words and word pairs)
weights.py    how rare each feature is (document frequencies in hashed buckets)
candidates.py which pairs are worth comparing (shared rare features inside the time window)
verify.py     whether a pair reports the same event (weighted overlap, contradicting numbers)
cluster.py    stories from verified pairs (strongest links first, each merge checked)
store.py      the cache's story tables, built cold and kept up to date incrementally
"""
