"""Layered deployment settings: defaults, then one override per environment."""
import copy

DEFAULTS = {
    "server": {"port": 8080, "workers": 2},
    "logging": {"level": "info"},
}


def merge(base: dict, override: dict) -> dict:
    """A new dict: base with override applied; nested sections merge key by key."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def for_environment(override: dict) -> dict:
    return merge(DEFAULTS, override)
