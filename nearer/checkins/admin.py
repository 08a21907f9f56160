# Check-in entries hold what people wrote, so they are deliberately not in the admin.
