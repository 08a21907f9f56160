"""The query budget: the most database queries a page a couple opens every day may make.

Counted on a second visit (the first of a day may choose the day's question), everything
included: the session, the signed-in person, their space, and marking what they have seen.
It holds after a week of history and after two years (see test_query_budget.py).
"""

QUERY_BUDGET = 8
