# Notifications hold no words, but nothing here needs an operator either: not in the admin.
