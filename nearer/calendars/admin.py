# Calendar feeds hold a sealed secret link and nothing an operator needs: not in the admin.
