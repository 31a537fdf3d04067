"""Runs an import with a configuration file that leaves the timeout out."""
from client.http import retries, timeout_ms

config = {"retries": 5}
print("timeout", timeout_ms(config), "ms with", retries(config), "retries")
