"""Routines: the exercise library and routine building; depends only on ``accounts``.

- ``library``: the 16 exercises (content, from the seed text), loaded by a data migration
- ``models``: ``Exercise``, ``Target``, ``Routine``, ``RoutineStep``
- ``dosing``, ``planning``, ``progression``: pure rules (doses and their limits, starter
  routines and the 10-15 minute aim, gradual growth)
- ``services`` (writes), ``selectors`` (reads, a routine's plan), ``forms``
- ``views``: the exercise library pages. The routine pages show sessions too, so they live
  in ``tracking.sessions.routine_pages`` and call this app's services and selectors.
"""
