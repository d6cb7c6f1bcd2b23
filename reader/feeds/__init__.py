"""Feeds: subscriptions, fetching, and items written as ordinary seed files.

A fetched item becomes a seed file under the data dir (one folder per feed), so the scan ->
parse -> store -> query pipeline reads it like any other; nothing here touches the cache.
"""
