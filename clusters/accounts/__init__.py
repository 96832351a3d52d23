"""People in the application: agency staff accounts, invitations, one's own settings.

- `access`: who manages which agency's accounts (the one place that decides it);
- `services`: the writes (invite, accept, deactivate, reactivate, name an administrator);
- `forms`, `views`, `urls` (namespace `accounts`).
"""
