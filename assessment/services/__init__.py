"""Services: the domain working against the database, shared by web, CLI and API.

Who commits: the service. A service that changes data ends its own transaction,
committing it (or rolling it back and raising), so a view or a command calls one
service per change and never calls ``commit()`` itself; reading needs no commit.
A function that writes one part of a larger change (``results.record_results``,
``scores.record_scores``) says "the caller commits" and leaves it to the service
that called it, so the whole change is stored or none of it.
"""
