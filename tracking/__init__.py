"""Tracking: guided sessions, symptom logs, what they show; depends on ``routines``.

- ``models``: ``PracticeSession``, ``SessionStep``, ``SymptomLog``
- ``sessions``: the guided player, Today, and the routine pages
- ``logs``: the symptom log pages and the rating form the check-ins share
- ``progress``: the progress page and its JSON; ``report``: the clinician report and PDF
- ``insights``: pure statistics on plain records; ``numbers``: how numbers are written
"""
