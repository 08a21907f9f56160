# Wins, struggles and the replies to them hold what people wrote, so they are deliberately not
# in the admin.
