"""Starts the service with a deployment environment that set PORT to a name."""
from service.settings import listen_port

print("listening on", listen_port({"PORT": "http"}))
