"""What a person's own logs say: pure modules, no database.

- ``records``: the plain inputs (``SessionRecord``, ``LogPoint``), relief and the burden.
- ``series``: descriptive series (daily trend, before/after, adherence, time of day).
- ``movements``: which movements help, a joint ridge estimate with honest intervals.
- ``statistics``: the ridge fit, matrix inversion and Student's t quantile it uses.
- ``effects``: the verdicts and the result records of the movement analysis.
- ``wording``: every sentence the above produce, and the suggestions.
"""
