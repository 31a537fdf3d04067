"""Settings of the HTTP client used by the importers."""

DEFAULT_TIMEOUT_SECONDS = 30


def timeout_ms(config):
    return config["timeout"] * 1000


def retries(config):
    return config.get("retries", 3)
