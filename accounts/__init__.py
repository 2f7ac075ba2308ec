"""Accounts: sign-up, login, the profile and the safety screen; the bottom app layer.

- ``symptoms``: the symptom vocabulary (names, labels, direction), defined once
- ``models``: ``Profile``; ``middleware``: ``request.profile`` and the safety screen
- ``services``, ``forms``, ``views``, ``urls``; ``auth_urls``: login and password reset

It imports no other app; the others may use it.
"""
