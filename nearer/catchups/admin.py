# Catch-ups hold what people wrote (the topic), so they are deliberately not in the admin.
