"""Symptom logs: the quick log, history, edit and delete, and the rating form that the
guided player's check-ins share."""
