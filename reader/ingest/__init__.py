"""Scan folders and turn each seed file into an `Article` or a `Problem`.

Import the module you need (`reader.ingest.parse`, `.scan`, `.clean`): this package imports
nothing itself, so the views can use the text cleaner without loading the YAML parser.
"""
