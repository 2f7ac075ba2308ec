"""Line drawings of the exercises, made in code so every one shares one style.

``canvas`` has the primitives (the figure, the chair, the floor, arrows, props) and
``scenes`` one function per exercise slug. ``manage.py draw_exercises`` writes them to
``static/exercises/<slug>.svg``; a test checks the files match. An exercise without a
file (one added in the admin) shows ``static/exercises/placeholder.svg``.
"""
