"""Two-step sign-in and recovery codes (django-otp): services, forms, views."""
