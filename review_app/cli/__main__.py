"""``python -m review_app.cli``: the same as the ``review-app`` console script."""

from . import main

main()
