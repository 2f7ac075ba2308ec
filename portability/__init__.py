"""Your data: export (JSON and CSV), import (validated, staged, chunked, undoable) and
account deletion. It reads and writes every app's models, so it sits on top: nothing
imports it.

- ``schema``: the export file's records (pydantic models) and their value types
- ``reader``: decode and validate a file into ``schema.ExportData``
- ``export``: write ``ExportData`` as JSON or a zip of CSV files
- ``selectors``: an account's rows as ``ExportData``; import jobs
- ``jobs``: import jobs (stage, write a chunk, undo), ``deletion``: delete an account
- ``views``, ``forms``, ``uploads`` (the capped upload handler), ``urls``
"""
