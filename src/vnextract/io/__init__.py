"""Reading documents from archives and writing records out, for ``vnextract extract``.

:mod:`vnextract.io.readers` streams ``(text, meta)`` items (or error records) from
files, folders and stdin; :mod:`vnextract.io.html` takes the main text out of a web
page; :mod:`vnextract.io.writers` writes JSONL, Parquet or CSV, resumably.
"""
