# Notes hold what people wrote, so they are deliberately not in the admin: not even who wrote
# to whom and when, which would show an operator the rhythm of a couple's private life.
