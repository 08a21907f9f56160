"""How the sweep paces each kind of work (its jobs, reminders, emails).

What there is to remind people of, and the jobs that fall due, are declared by each practice
(nearer/lib/practices.py: `Practice.reminders`, `Practice.due_jobs`).
"""

from __future__ import annotations

# Rows a batch, and seconds before the sweep leaves the rest to the next one.
BATCH = 200
SWEEP_BUDGET = 20.0
