"""Loads the deploy's settings before the service starts, as the container entrypoint does."""
import sys

from envfile.parse import parse_env

path = sys.argv[1] if len(sys.argv) > 1 else "deploy/production.env"
with open(path, encoding="utf-8") as file:
    settings = parse_env(file.read())
print("starting on port", settings["PORT"], "with", len(settings), "settings")
