"""Guided practice sessions: starting one from a routine, the player, and the routine pages
(list, builder, Start, growth suggestions), which show a routine together with its sessions.

Models are in ``tracking.models`` (``PracticeSession``, ``SessionStep``); writes in
``services``, reads in ``selectors``, forms in ``forms``, the player's views in ``views``
and the routine pages in ``routine_pages``.
"""
