"""The exceptions that stages raise; the CLI turns each into one line for the user."""


class MonitorError(Exception):
    """Base of every error the user can cause or fix; carries a one-line message."""


class ConfigError(MonitorError):
    """The configuration or a rule file is invalid (exit 2)."""


class UsageError(MonitorError):
    """A command was called with arguments that cannot work (exit 2)."""


class ParseError(MonitorError):
    """A fetched document is not a feed we can read."""


class StoreError(MonitorError):
    """The database cannot be opened, migrated or written."""
