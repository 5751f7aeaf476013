"""The query layer: every SQL the dashboard runs, one module per page, one cached function per question.

Each function takes `version` (dashboard.db.version()) first so that the cache is keyed
by the published file: a refresh swaps the file, the version changes, queries rerun.
Values are always bound as parameters; no SQL is built from user input.
"""
