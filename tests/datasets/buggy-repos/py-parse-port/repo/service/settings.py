"""Reads the service's settings from its environment."""

DEFAULT_PORT = 8080


def parse_port(value):
    if value is None or value == "":
        return None
    return int(value)


def listen_port(environment):
    port = parse_port(environment.get("PORT"))
    return DEFAULT_PORT if port is None else port
