"""Keeping the habit: the week plan page, reminders (calendar feed, Web Push, email)."""
