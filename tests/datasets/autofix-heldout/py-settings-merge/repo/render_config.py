"""Renders production settings; production added a cache section this release."""
from deploy.settings import for_environment

production = {"server": {"workers": 8}, "cache": {"url": "redis://cache:6379", "ttl": 300}}
print(for_environment(production))
